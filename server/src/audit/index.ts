export { canonicalJson } from './canonical';
export {
  type AuditEntity,
  type AuditEntry,
  type AuditInput,
  type AuditVerification,
  appendAudit,
  appendAuditMany,
  GENESIS_HASH,
  listAudit,
  verifyAuditChain,
} from './chain';
