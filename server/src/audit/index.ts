export { canonicalJson } from './canonical';
export {
  type AuditEntity,
  type AuditEntry,
  type AuditInput,
  type AuditVerification,
  appendAudit,
  GENESIS_HASH,
  listAudit,
  verifyAuditChain,
} from './chain';
