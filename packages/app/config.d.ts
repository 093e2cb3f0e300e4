export interface Config {
  auth?: {
    providers?: {
      demo?: {
        /**
         * Demo users offered on the sign-in page (packages/app/src/modules/signIn):
         * catalog user names, or `{ name, description }`.
         * @visibility frontend
         */
        users?: Array<
          | string
          | {
              /** @visibility frontend */
              name: string;
              /** @visibility frontend */
              description?: string;
            }
        >;
      };
    };
  };
}
