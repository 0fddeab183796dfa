/**
 * Every migration, oldest first. TypeORM orders them by the timestamp in the class name and
 * records that name in the migrations table, so a new one goes at the end with a later timestamp.
 */
import { People1764000000000 } from './1764000000000-People';
import { Directory1764000001000 } from './1764000001000-Directory';
import { DirectoryTaxonomy1764000001100 } from './1764000001100-DirectoryTaxonomy';
import { DirectorySearchIndexes1764000001200 } from './1764000001200-DirectorySearchIndexes';
import { DirectorySearchVocabulary1764000001300 } from './1764000001300-DirectorySearchVocabulary';
import { DirectorySearchPlaces1764000001400 } from './1764000001400-DirectorySearchPlaces';
import { Clients1764000002000 } from './1764000002000-Clients';
import { Referrals1764000003000 } from './1764000003000-Referrals';
import { OutcomeReportIndexes1764000004000 } from './1764000004000-OutcomeReportIndexes';
import { DirectoryPublicPoints1764000005100 } from './1764000005100-DirectoryPublicPoints';
import { ReportRecordKeys1764000005200 } from './1764000005200-ReportRecordKeys';
import { TokenVersion1764000005300 } from './1764000005300-TokenVersion';
import { AuditCorrelationId1764000005500 } from './1764000005500-AuditCorrelationId';
import { Recovery1764000006000 } from './1764000006000-Recovery';
import { RecoveryCapitalSummary1764000006100 } from './1764000006100-RecoveryCapitalSummary';
import { ReferralUpdates1764000007000 } from './1764000007000-ReferralUpdates';
import { Webhooks1764000007100 } from './1764000007100-Webhooks';
import { DirectoryBulkRefresh1764000007500 } from './1764000007500-DirectoryBulkRefresh';
import { OutcomeRollup1764000008000 } from './1764000008000-OutcomeRollup';
import { HsdsModel1764000009000 } from './1764000009000-HsdsModel';

export const migrations: Function[] = [
  People1764000000000,
  Directory1764000001000,
  DirectoryTaxonomy1764000001100,
  DirectorySearchIndexes1764000001200,
  DirectorySearchVocabulary1764000001300,
  DirectorySearchPlaces1764000001400,
  Clients1764000002000,
  Referrals1764000003000,
  OutcomeReportIndexes1764000004000,
  DirectoryPublicPoints1764000005100,
  ReportRecordKeys1764000005200,
  TokenVersion1764000005300,
  AuditCorrelationId1764000005500,
  Recovery1764000006000,
  RecoveryCapitalSummary1764000006100,
  ReferralUpdates1764000007000,
  Webhooks1764000007100,
  DirectoryBulkRefresh1764000007500,
  OutcomeRollup1764000008000,
  HsdsModel1764000009000,
];
