export interface Config {
  auth?: {
    providers?: {
      /**
       * Demo sign-in of the local portal (packages/backend/src/auth): the
       * sign-in page offers these catalog users (names in the default
       * namespace). Development only, like the guest provider.
       */
      demo?: {
        /** Catalog user names, or `{ name, description }` (see packages/app/config.d.ts). */
        users?: Array<string | { name: string; description?: string }>;
        dangerouslyAllowOutsideDevelopment?: boolean;
      };
    };
  };
  catalog?: {
    /**
     * Location types users may register through the catalog API (default:
     * url). The local portal adds `file` for repositories published by
     * maestro:publish:local; see packages/backend/src/catalog.
     */
    allowedLocationTypes?: string[];
  };
  /** Maestro settings read by the portal's backend wiring. */
  maestro?: {
    permissions?: {
      /**
       * Groups (entity refs such as `group:default/platform-admins`) whose
       * members may perform every Maestro action on every entity, and export
       * the ledger. Owners of an entity may act on that entity without this.
       */
      adminGroups?: string[];
    };
  };
}
