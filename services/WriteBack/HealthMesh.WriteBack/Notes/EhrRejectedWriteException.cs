namespace HealthMesh.WriteBack.Notes;

/// <summary>
/// The EHR refused the note (a 4xx other than 408/429). Not retried: the same write would be refused again. The message
/// names what was refused, the HTTP status and the OperationOutcome's issues as severity, code and element paths only:
/// an EHR's diagnostics may quote the rejected value, which here is re-identified PHI. No inner exception, for the same
/// reason (the FHIR client's exception repeats the diagnostics).
/// </summary>
public sealed class EhrRejectedWriteException(string request, int statusCode, string issues)
    : Exception($"The EHR rejected the {request} with {statusCode}: {issues}")
{
    public int StatusCode { get; } = statusCode;

    /// <summary>The OperationOutcome's issues as <see cref="EhrOutcome.Describe"/> writes them.</summary>
    public string Issues { get; } = issues;
}
