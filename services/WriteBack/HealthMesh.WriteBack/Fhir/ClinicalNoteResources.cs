using Hl7.Fhir.Model;

namespace HealthMesh.WriteBack.Fhir;

/// <summary>What one note becomes in the EHR; <see cref="Conditions"/> is empty unless <see cref="WriteBackOptions.WriteConditions"/> is on; <see cref="Superseded"/> are the earlier notes this one replaces, as they are to be updated (status superseded). <see cref="FullUrls"/> are the transaction-local <c>urn:uuid</c> ids the resources reference each other by.</summary>
public sealed record ClinicalNoteResources(
    DocumentReference DocumentReference,
    Composition Composition,
    Provenance Provenance,
    IReadOnlyList<Condition> Conditions,
    IReadOnlyList<DocumentReference> Superseded,
    IReadOnlyDictionary<string, string> FullUrls);
