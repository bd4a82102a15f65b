using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Utility;

namespace HealthMesh.WriteBack.Notes;

/// <summary>
/// What the EHR answered, written without any of its text, so that it can stand in a fault and a log: an EHR's
/// diagnostics and details may quote the rejected (re-identified) value, and exception messages may quote the response.
/// </summary>
public static partial class EhrOutcome
{
    /// <summary>Each issue as <c>severity code</c>, with <c>at</c> and its element paths (expression, then location) when given.</summary>
    public static string Describe(OperationOutcome? outcome)
    {
        var issues = outcome?.Issue.Select(Describe).ToList();
        return issues is { Count: > 0 } ? string.Join("; ", issues) : "no OperationOutcome";
    }

    /// <summary>A failure to reach the EHR by the exception types along its chain (and the HTTP client's error kind), not their messages.</summary>
    public static string Cause(Exception exception)
    {
        var types = new List<string>();
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            types.Add(e is HttpRequestException { HttpRequestError: not HttpRequestError.Unknown } http ? $"{e.GetType().Name} ({http.HttpRequestError})" : e.GetType().Name);
        }

        return string.Join(" caused by ", types);
    }

    public static string Describe(FhirOperationException exception) => Describe(exception.Outcome);

    private static string Describe(OperationOutcome.IssueComponent issue)
    {
        var described = $"{issue.Severity?.GetLiteral() ?? "unknown"} {issue.Code?.GetLiteral() ?? "unknown"}";
        var paths = issue.Expression.Concat(issue.Location).OfType<string>().Where(p => !string.IsNullOrWhiteSpace(p)).Select(WithoutLiterals).Distinct().ToList();
        return paths.Count > 0 ? $"{described} at {string.Join(", ", paths)}" : described;
    }

    // A FHIRPath may hold a value in a string literal (name.where(family = '…')): keep the path, not the value.
    private static string WithoutLiterals(string path) => StringLiteral().Replace(path, "'…'");

    [GeneratedRegex(@"'(?:[^'\\]|\\.)*'", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex StringLiteral();
}
