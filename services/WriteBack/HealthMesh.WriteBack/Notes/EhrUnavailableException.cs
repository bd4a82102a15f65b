namespace HealthMesh.WriteBack.Notes;

/// <summary>The EHR was throttling, failing (5xx) or unreachable; the write is redelivered with backoff.</summary>
public sealed class EhrUnavailableException(string reason, Exception innerException) : Exception(reason, innerException);
