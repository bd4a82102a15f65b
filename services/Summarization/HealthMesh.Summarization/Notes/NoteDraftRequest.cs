using HealthMesh.Contracts;
using Hl7.Fhir.Model;

namespace HealthMesh.Summarization.Notes;

/// <param name="Context">The de-identified context Bundle (never PHI).</param>
public sealed record NoteDraftRequest(Guid WorkflowId, int Revision, NoteKind Kind, Bundle Context, DateTimeOffset CreatedAt);
