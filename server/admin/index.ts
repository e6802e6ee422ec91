/**
 * Public face of server/admin/: the admin socket of a running server and the credential
 * management of `cairn token` (SPEC §7), with or without a running server.
 */
export { startAdminServer, type AdminServer } from './admin-server.js';
export {
  AdminError,
  ADMIN_TIMEOUT_MS,
  adminRequest,
  adminAddCredential,
  adminListCredentials,
  adminRevokeCredential,
  type AdminErrorCode,
} from './admin-client.js';
export { openCredentialAdmin, ADMIN_CONNECT_WAIT_MS, type CredentialAdmin } from './credential-admin.js';
export { addCredential, listCredentials, revokeCredential } from './credential-operations.js';
export {
  ADMIN_MAX_BODY_BYTES,
  ADMIN_PATHS,
  ADMIN_SOCKET_MODE,
  MAX_SOCKET_PATH_BYTES,
  type NewCredential,
  type RevokeResult,
  type AdminErrorBody,
} from './protocol.js';
