using System.Text;
using System.Xml;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Task = System.Threading.Tasks.Task;
using Microsoft.AspNetCore.Http;

namespace HealthMesh.Intake.Notifications;

/// <summary>
/// A FHIR <c>OperationOutcome</c> answer: every notification response, success or not, says what happened. In
/// <c>application/fhir+xml</c> when the request asks for XML (see <see cref="KnownMediaTypes.ResponseFormat"/>), else
/// <c>application/fhir+json</c>.
/// </summary>
public sealed class OperationOutcomeResult(int statusCode, OperationOutcome outcome, int? retryAfterSeconds = null) : IResult, IStatusCodeHttpResult
{
    public int StatusCode { get; } = statusCode;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public OperationOutcome Outcome { get; } = outcome;

    public static OperationOutcomeResult Issue(int statusCode, OperationOutcome.IssueSeverity severity, OperationOutcome.IssueType code, string diagnostics, int? retryAfterSeconds = null) =>
        new(statusCode, new OperationOutcome { Issue = [new OperationOutcome.IssueComponent { Severity = severity, Code = code, Diagnostics = diagnostics }] }, retryAfterSeconds);

    public static OperationOutcomeResult Error(int statusCode, OperationOutcome.IssueType code, string diagnostics, int? retryAfterSeconds = null) =>
        Issue(statusCode, OperationOutcome.IssueSeverity.Error, code, diagnostics, retryAfterSeconds);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var xml = KnownMediaTypes.ResponseFormat(httpContext.Request) == ResourceFormat.Xml;
        httpContext.Response.StatusCode = StatusCode;
        httpContext.Response.ContentType = xml ? KnownMediaTypes.FhirXml : KnownMediaTypes.FhirJson;
        if (retryAfterSeconds is { } seconds)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await httpContext.Response.Body.WriteAsync(xml ? FhirXml.SerializeToUtf8Bytes(XmlSafe(Outcome)) : FhirJson.SerializeToUtf8Bytes(Outcome), httpContext.RequestAborted);
    }

    /// <summary>
    /// Diagnostics may quote a malformed body (a parser's message), including characters XML cannot carry (found by the
    /// fuzz test); those become U+FFFD rather than failing the answer.
    /// </summary>
    private static OperationOutcome XmlSafe(OperationOutcome outcome)
    {
        var safe = (OperationOutcome)outcome.DeepCopy();
        foreach (var issue in safe.Issue)
        {
            if (issue.Diagnostics is not { } text)
            {
                continue;
            }

            var builder = new StringBuilder(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
                {
                    builder.Append(text, i++, 2);
                }
                else
                {
                    builder.Append(XmlConvert.IsXmlChar(text[i]) ? text[i] : '\uFFFD');
                }
            }

            issue.Diagnostics = builder.ToString();
        }

        return safe;
    }
}
