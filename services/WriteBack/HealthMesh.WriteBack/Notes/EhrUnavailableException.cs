namespace HealthMesh.WriteBack.Notes;

/// <summary>
/// The EHR was throttling, failing (5xx) or unreachable; the write is redelivered with backoff. The reason is written
/// without the EHR's text and the exception has no inner exception (see <see cref="EhrRejectedWriteException"/>).
/// </summary>
public sealed class EhrUnavailableException(string reason) : Exception(reason);
