using HealthMesh.Contracts;

namespace HealthMesh.Orchestrator.Review;

/// <param name="ExpectedRevision">The draft revision the reviewer saw.</param>
/// <param name="EditedNote">The note as edited by the reviewer; absent to approve the draft as is.</param>
/// <remarks>Who approves is the signed-in reviewer, never a field of the request.</remarks>
public sealed record ApproveReviewRequest(int ExpectedRevision, StructuredNote? EditedNote = null);
