using HealthMesh.Contracts;

namespace HealthMesh.Orchestrator.Review;

/// <param name="Reviewer">FHIR reference of the approving person, <c>Practitioner/&lt;id&gt;</c>.</param>
/// <param name="ExpectedRevision">The draft revision the reviewer saw.</param>
/// <param name="EditedNote">The note as edited by the reviewer; absent to approve the draft as is.</param>
public sealed record ApproveReviewRequest(string Reviewer, int ExpectedRevision, StructuredNote? EditedNote = null);
