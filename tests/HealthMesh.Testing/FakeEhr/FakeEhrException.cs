using Hl7.Fhir.Model;

namespace HealthMesh.Testing.FakeEhr;

/// <summary>Aborts a request with the status and OperationOutcome an EHR would answer.</summary>
public sealed class FakeEhrException(int statusCode, OperationOutcome.IssueType code, string diagnostics) : Exception(diagnostics)
{
    public int StatusCode { get; } = statusCode;

    public OperationOutcome.IssueType Code { get; } = code;

    public FhirResult ToResult() => FhirResult.Outcome(StatusCode, Code, Message);
}
