namespace HealthMesh.Deidentification.Audit;

/// <param name="Kind">The identifier kind (<c>name</c>, <c>date</c>, <c>identifier</c>...).</param>
/// <param name="Method">How it was changed (<c>pseudonym</c>, <c>dateShift</c>, <c>scrub</c>...).</param>
public sealed record AuditCount(string Kind, string Method, int Count);
