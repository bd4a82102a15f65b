using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using HealthMesh.Contracts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HealthMesh.Orchestrator.Review;

/// <summary>
/// A small server-rendered review UI at <c>/review</c>: the queue, and one draft with its sections, evidence-linked
/// sentences, proposed codes and the approve / reject / regenerate forms. Self-contained (no CDN, no script),
/// forms protected by antiforgery tokens.
/// </summary>
public static class ReviewPage
{
    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem;color:#1b1b1b}
        table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .6rem;border-bottom:1px solid #ddd}
        .critical{color:#a40000;font-weight:bold}.overdue{background:#fff3cd}.ev{color:#666;font-size:.8em}
        form{margin:.8rem 0;padding:.8rem;border:1px solid #ddd}label{display:block;margin:.3rem 0}
        input[type=text],textarea{width:100%}.error{color:#a40000}
        """;

    public static IEndpointRouteBuilder MapReviewPage(this IEndpointRouteBuilder app)
    {
        var page = app.MapGroup("/review").ExcludeFromDescription();
        page.MapGet("/", Queue);
        page.MapGet("/{workflowId:guid}", Draft);
        page.MapPost("/{workflowId:guid}/{action:regex(^(approve|reject|regenerate)$)}", Decide);
        return app;
    }

    public static async Task<ContentHttpResult> Queue([AsParameters] ReviewApiServices services)
    {
        var queue = await services.Reviews.GetQueueAsync(ReviewService.MaxQueueLength, services.CancellationToken);
        var html = new StringBuilder();
        html.Append("<h1>Drafts awaiting review</h1>");
        if (queue.Count == 0)
        {
            html.Append("<p>Nothing is waiting for review.</p>");
        }
        else
        {
            html.Append("<table><thead><tr><th>Priority</th><th>Note</th><th>Source</th><th>Revision</th><th>Waiting since</th><th>Due</th></tr></thead><tbody>");
            foreach (var entry in queue)
            {
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr class=\"{(entry.Overdue ? "overdue" : string.Empty)}\"><td class=\"{(entry.Priority == ReviewPriority.Critical ? "critical" : string.Empty)}\">{entry.Priority}</td>" +
                    $"<td><a href=\"/review/{entry.WorkflowId}\">{entry.NoteKind}</a></td><td>{E(entry.ResourceType)}/{E(entry.ResourceId)} v{E(entry.ResourceVersion)}</td>" +
                    $"<td>{entry.Revision}</td><td>{entry.CreatedAt:u}</td><td>{entry.DueAt:u}{(entry.Overdue ? " (overdue)" : string.Empty)}</td></tr>");
            }

            html.Append("</tbody></table>");
        }

        return Page("Review queue", html.ToString());
    }

    public static async Task<ContentHttpResult> Draft([AsParameters] ReviewApiServices services, Guid workflowId, HttpContext http, IAntiforgery antiforgery)
    {
        ReviewDetails details;
        try
        {
            details = await services.Reviews.GetAsync(workflowId, services.CancellationToken);
        }
        catch (ReviewException ex)
        {
            return ErrorPage(ex);
        }

        var html = new StringBuilder("<p><a href=\"/review\">&larr; queue</a></p>");
        var note = details.Draft;
        html.Append(CultureInfo.InvariantCulture,
            $"<h1>{E(note?.Title ?? details.NoteKind.ToString())}</h1><p>{E(details.ResourceType)}/{E(details.ResourceId)} v{E(details.ResourceVersion)} · " +
            $"state {details.State} · revision {details.Revision} · <span class=\"{(details.Priority == ReviewPriority.Critical ? "critical" : string.Empty)}\">{details.Priority}</span>" +
            $"{(details.DueAt is { } due ? $" · due {due:u}" : string.Empty)}</p>");

        if (note is not null)
        {
            foreach (var flag in note.Flags)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p class=\"critical\">{E(flag)}</p>");
            }

            foreach (var section in note.Sections)
            {
                html.Append(CultureInfo.InvariantCulture, $"<h2>{E(section.Title)}</h2>");
                foreach (var sentence in section.Sentences)
                {
                    var sources = string.Join(", ", sentence.Evidence.Select(e => e.SourceId).Distinct());
                    html.Append(CultureInfo.InvariantCulture, $"<p>{E(sentence.Text)} <span class=\"ev\">[{E(sources)}]</span></p>");
                }
            }

            if (note.Codes.Count > 0)
            {
                html.Append("<h2>Proposed codes</h2><table><thead><tr><th>Code</th><th>Display</th><th>Confidence</th><th>Rule</th></tr></thead><tbody>");
                foreach (var code in note.Codes)
                {
                    html.Append(CultureInfo.InvariantCulture,
                        $"<tr><td>{E(code.Code)}</td><td>{E(code.Display)}</td><td>{code.Confidence:0.00}</td><td>{E(code.Rule)}</td></tr>");
                }

                html.Append("</tbody></table>");
            }

            html.Append(CultureInfo.InvariantCulture, $"<p class=\"ev\">Drafted by {E(note.Engine.Name)} {E(note.Engine.Version)}</p>");
        }

        if (details.State == "AwaitingReview")
        {
            var token = antiforgery.GetAndStoreTokens(http);
            var hidden = $"<input type=\"hidden\" name=\"{E(token.FormFieldName)}\" value=\"{E(token.RequestToken ?? string.Empty)}\">" +
                $"<input type=\"hidden\" name=\"expectedRevision\" value=\"{details.Revision}\">" +
                "<label>Reviewer <input type=\"text\" name=\"reviewer\" placeholder=\"Practitioner/id\" required></label>";
            html.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/review/{workflowId}/approve\">{hidden}<button>Approve</button></form>");
            html.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/review/{workflowId}/reject\">{hidden}<label>Reason <textarea name=\"reason\" required></textarea></label><button>Reject</button></form>");
            html.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/review/{workflowId}/regenerate\">{hidden}<button>Ask for a new draft</button></form>");
        }

        return Page("Review draft", html.ToString());
    }

    public static async Task<Results<RedirectHttpResult, ContentHttpResult>> Decide(
        [AsParameters] ReviewApiServices services, Guid workflowId, string action, HttpContext http, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Page("Review", "<p class=\"error\">The form has expired; reload the draft and try again.</p>", StatusCodes.Status400BadRequest);
        }

        var form = await http.Request.ReadFormAsync(services.CancellationToken);
        var reviewer = form["reviewer"].ToString().Trim();
        if (!int.TryParse(form["expectedRevision"], NumberStyles.None, CultureInfo.InvariantCulture, out var revision))
        {
            return Page("Review", "<p class=\"error\">The form names no draft revision.</p>", StatusCodes.Status400BadRequest);
        }

        try
        {
            switch (action)
            {
                case "approve":
                    await services.Reviews.ApproveAsync(workflowId, new ApproveReviewRequest(reviewer, revision), services.CancellationToken);
                    break;
                case "reject":
                    await services.Reviews.RejectAsync(workflowId, new RejectReviewRequest(reviewer, form["reason"].ToString(), revision), services.CancellationToken);
                    break;
                default:
                    await services.Reviews.RegenerateAsync(workflowId, new RegenerateReviewRequest(reviewer, revision), services.CancellationToken);
                    break;
            }
        }
        catch (ReviewException ex)
        {
            return ErrorPage(ex);
        }

        return TypedResults.Redirect("/review");
    }

    private static ContentHttpResult ErrorPage(ReviewException exception) =>
        Page("Review", $"<p><a href=\"/review\">&larr; queue</a></p><p class=\"error\">{E(exception.Message)}</p>",
            exception.Failure switch
            {
                ReviewFailure.NotFound => StatusCodes.Status404NotFound,
                ReviewFailure.Conflict => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status400BadRequest,
            });

    private static ContentHttpResult Page(string title, string body, int statusCode = StatusCodes.Status200OK) =>
        TypedResults.Content(
            $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{E(title)} · HealthMesh</title><style>{Style}</style></head><body>{body}</body></html>",
            "text/html; charset=utf-8",
            statusCode: statusCode);

    private static string E(string value) => HtmlEncoder.Default.Encode(value);
}
