namespace HealthMesh.WriteBack.Notes;

/// <summary>
/// The EHR refused the note (a 4xx other than 408/429). Not retried: the same write would be refused again. The message
/// carries the EHR's OperationOutcome diagnostics so the workflow faults with the EHR's own reason.
/// </summary>
public sealed class EhrRejectedWriteException(int statusCode, string diagnostics, Exception? innerException = null)
    : Exception($"The EHR rejected the note with {statusCode}: {diagnostics}", innerException)
{
    public int StatusCode { get; } = statusCode;

    public string Diagnostics { get; } = diagnostics;
}
