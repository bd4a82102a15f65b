using HealthMesh.Deidentification.Audit;
using HealthMesh.Deidentification.Vault;
using Hl7.Fhir.Model;

namespace HealthMesh.Deidentification.Engine;

/// <param name="IdentifiersReplaced">Values replaced, removed or generalised (names, ids, dates, text spans...).</param>
/// <param name="Audit">The same changes counted by identifier kind and method; no values.</param>
public sealed record DeidentifiedContext(Bundle Bundle, ReidentificationVault Vault, int IdentifiersReplaced, IReadOnlyList<AuditCount> Audit);
