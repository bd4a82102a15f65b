using System.Net;
using Hl7.Fhir.Model;

namespace HealthMesh.EhrSandbox.Resources;

/// <summary>A FHIR interaction that cannot be carried out; becomes an <see cref="OperationOutcome"/> with <see cref="Status"/>.</summary>
public sealed class FhirInteractionException(HttpStatusCode status, OperationOutcome outcome)
    : Exception(string.Join("; ", outcome.Issue.Select(i => i.Diagnostics)))
{
    public HttpStatusCode Status { get; } = status;

    public OperationOutcome Outcome { get; } = outcome;

    public static FhirInteractionException BadRequest(string diagnostics, OperationOutcome.IssueType code = OperationOutcome.IssueType.Invalid) =>
        new(HttpStatusCode.BadRequest, CreateOutcome(code, diagnostics));

    public static FhirInteractionException NotFound(string diagnostics) =>
        new(HttpStatusCode.NotFound, CreateOutcome(OperationOutcome.IssueType.NotFound, diagnostics));

    public static FhirInteractionException Gone(string diagnostics) =>
        new(HttpStatusCode.Gone, CreateOutcome(OperationOutcome.IssueType.Deleted, diagnostics));

    public static FhirInteractionException PreconditionFailed(string diagnostics) =>
        new(HttpStatusCode.PreconditionFailed, CreateOutcome(OperationOutcome.IssueType.Conflict, diagnostics));

    public static FhirInteractionException Conflict(string diagnostics) =>
        new(HttpStatusCode.Conflict, CreateOutcome(OperationOutcome.IssueType.Conflict, diagnostics));

    public static FhirInteractionException NotSupported(string diagnostics, HttpStatusCode status = HttpStatusCode.BadRequest) =>
        new(status, CreateOutcome(OperationOutcome.IssueType.NotSupported, diagnostics));

    public static OperationOutcome CreateOutcome(OperationOutcome.IssueType code, string diagnostics, OperationOutcome.IssueSeverity severity = OperationOutcome.IssueSeverity.Error) =>
        new() { Issue = [new OperationOutcome.IssueComponent { Severity = severity, Code = code, Diagnostics = diagnostics }] };
}
