export interface Config {
  maestro?: {
    policy?: {
      /**
       * Rule profile used when a request names none: `default`, or `strict`
       * (adds rules such as "base images pinned by digest").
       */
      profile?: 'default' | 'strict';
      /** Folder of YAML rule files that add to or override the built-in pack. */
      rulesDirectory?: string;
      /** IDs of built-in rules to switch off. */
      disabledRules?: string[];
      /**
       * Rules added or overridden in config, in the rule format of the
       * built-in pack (see plugins/maestro-node/src/policy/README.md).
       */
      rules?: Array<{ [key: string]: unknown }>;
      helm?: {
        /**
         * helm binary used to render packaged charts sent to
         * POST /policy/evaluate. Default: MAESTRO_HELM_PATH, then helm on PATH.
         */
        path?: string;
      };
      exemptions?: {
        /** Longest allowed exemption in days (default 90). */
        maxDurationDays?: number;
      };
    };
  };
}
