using HealthMesh.Contracts;
using HealthMesh.Deidentification.Audit;

namespace HealthMesh.Deidentification.Contexts;

public sealed record ClinicalContextDeidentificationResult(string DeidentifiedContextReference, int IdentifiersReplaced, DeidentificationAuditRecord Audit, PatientGroup PatientGroup);
