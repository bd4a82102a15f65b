using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Governance.Audit;
using HealthMesh.Orchestrator.Reviewers;
using HealthMesh.Orchestrator.Workflows.ClinicalNote;
using HealthMesh.Orchestrator.Workflows.Operations;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HealthMesh.Orchestrator.Review;

/// <summary>
/// The review UI at <c>/review</c>, server-rendered: the queue (critical first, then oldest; overdue and escalated
/// drafts marked) and one draft with its sections, codes and de-identified sources, and a single decision form
/// (approve, reject with a reason, ask for a new draft) protected by an antiforgery token. A small script of our own
/// (<c>Review/Assets</c>, embedded, no CDN) adds evidence highlighting, inline sentence editing and code
/// accept/remove/add with search; with it the approve button posts the edited note, without it the page still
/// approves, rejects and regenerates as drafted. The content security policy allows scripts and styles from this
/// origin only.
/// </summary>
public static class ReviewPage
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static readonly FrozenDictionary<string, (byte[] Content, string ContentType)> Assets = LoadAssets();

    public static IEndpointRouteBuilder MapReviewPage(this IEndpointRouteBuilder app)
    {
        var page = app.MapGroup("/review").ExcludeFromDescription().RequireAuthorization(KnownReviewerPolicies.Read);
        page.MapGet("/", Queue);
        page.MapGet("/assets/{name}", Asset).AllowAnonymous();
        page.MapGet("/{workflowId:guid}", Draft);
        page.MapPost("/{workflowId:guid}/{action:regex(^(approve|reject|regenerate)$)}", Decide).RequireAuthorization(KnownReviewerPolicies.Decide);
        page.MapPost("/{workflowId:guid}/retry", Retry).RequireAuthorization(KnownReviewerPolicies.Operate);
        return app;
    }

    public static async Task<ContentHttpResult> Queue([AsParameters] ReviewPageServices services, HttpContext http)
    {
        var queue = await services.Reviews.GetQueueAsync(ReviewService.MaxQueueLength, services.CancellationToken);
        var now = services.Clock.GetUtcNow();
        var html = new StringBuilder();
        var critical = queue.Count(e => e.Priority == ReviewPriority.Critical);
        var overdue = queue.Count(e => e.Overdue);
        html.Append(CultureInfo.InvariantCulture,
            $"<header class=\"top\"><h1>Drafts awaiting review</h1><p class=\"summary\" id=\"queue-summary\">{queue.Count} waiting · " +
            $"<span class=\"{(critical > 0 ? "critical" : string.Empty)}\">{critical} critical</span> · " +
            $"<span class=\"{(overdue > 0 ? "overdue-text" : string.Empty)}\">{overdue} overdue</span></p></header>");
        AppendFaulted(html, await WorkflowsApi.FaultedAsync(services.Queries, 100, services.CancellationToken), http, services.Antiforgery, now);
        if (queue.Count == 0)
        {
            html.Append("<p class=\"empty\">Nothing is waiting for review.</p>");
        }
        else
        {
            html.Append("<table class=\"queue\"><thead><tr><th>Priority</th><th>Draft</th><th>Source</th><th>Waiting</th><th>Due</th></tr></thead><tbody>");
            foreach (var entry in queue)
            {
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr class=\"{(entry.Overdue ? "overdue" : string.Empty)}\" data-workflow-id=\"{entry.WorkflowId}\">" +
                    $"<td>{PriorityBadge(entry.Priority)}</td>" +
                    $"<td><a href=\"/review/{entry.WorkflowId}\">{E(KindTitle(entry.NoteKind))}</a> <span class=\"muted\">rev {entry.Revision}</span></td>" +
                    $"<td class=\"muted\">{E(entry.ResourceType)}/{E(entry.ResourceId)} v{E(entry.ResourceVersion)}</td>" +
                    $"<td title=\"{entry.CreatedAt:u}\">{Age(now - entry.CreatedAt)}</td>" +
                    $"<td>{Due(entry.DueAt, entry.Overdue, entry.Escalated, now)}</td></tr>");
            }

            html.Append("</tbody></table>");
        }

        return Page(http, "Review queue", html.ToString(), refreshSeconds: 30);
    }

    public static async Task<ContentHttpResult> Draft([AsParameters] ReviewPageServices services, Guid workflowId, HttpContext http, ReviewAccessAudit audit)
    {
        ReviewDetails details;
        try
        {
            details = await services.Reviews.GetAsync(workflowId, http.User.IsInRole(KnownReviewerRoles.Reviewer), services.CancellationToken);
            await audit.ViewedAsync(workflowId, http.User, services.CancellationToken);
        }
        catch (ReviewException ex)
        {
            return ErrorPage(http, ex);
        }

        var now = services.Clock.GetUtcNow();
        var note = details.Draft;
        var html = new StringBuilder("<header class=\"top\"><p><a href=\"/review\">&larr; Queue</a></p>");
        html.Append(CultureInfo.InvariantCulture,
            $"<h1>{E(note?.Title ?? KindTitle(details.NoteKind))}</h1><p class=\"summary\">{PriorityBadge(details.Priority)} " +
            $"<span class=\"muted\">{E(details.ResourceType)}/{E(details.ResourceId)} v{E(details.ResourceVersion)} · {E(details.State)} · revision {details.Revision}</span> " +
            $"{Due(details.DueAt, details.Overdue, details.Escalated, now)}</p></header>");

        if (note is null)
        {
            html.Append("<p class=\"empty\">No draft yet.</p>");
            return Page(http, "Review draft", html.ToString());
        }

        if (details.State == "Faulted")
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<div class=\"fault\" role=\"alert\" id=\"fault\"><p><strong>{E(StepTitle(details.FaultStep))} failed</strong>: " +
                $"<span class=\"fault-reason\">{E(details.FaultReason ?? "no reason recorded")}</span></p>");
            AppendRetryForm(html, details.WorkflowId, http, services.Antiforgery);
            html.Append("</div>");
        }

        foreach (var flag in note.Flags)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"flag\" role=\"alert\">{E(flag)}</p>");
        }

        html.Append("<div class=\"layout\"><div class=\"note\" id=\"note\">");
        AppendSections(html, note);
        AppendCodes(html, note);
        if (details.State == "AwaitingReview")
        {
            if (http.User.IsInRole(KnownReviewerRoles.Reviewer))
            {
                AppendDecisionForm(html, details, services.Antiforgery.GetAndStoreTokens(http));
            }
            else
            {
                html.Append("<p class=\"muted\" id=\"read-only\">Read only: deciding on a draft needs the reviewer role.</p>");
            }
        }

        html.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">Drafted by {E(note.Engine.Name)} {E(note.Engine.Version)}</p></div>");
        AppendSources(html, note);
        html.Append("</div>");

        // The draft as the API serves it; the script reads evidence from it and posts the edited note back in the same
        // shape. System.Text.Json escapes '<', '>' and '&', so the text cannot close this element.
        html.Append(CultureInfo.InvariantCulture,
            $"<script type=\"application/json\" id=\"draft-data\">{JsonSerializer.Serialize(note, services.Json.Value.SerializerOptions)}</script>");
        return Page(http, "Review draft", html.ToString());
    }

    public static async Task<Results<RedirectHttpResult, ContentHttpResult>> Decide(
        [AsParameters] ReviewPageServices services, Guid workflowId, string action, HttpContext http)
    {
        if (!await services.Antiforgery.IsRequestValidAsync(http))
        {
            return Page(http, "Review", "<p class=\"error\">The form has expired; reload the draft and try again.</p>", statusCode: StatusCodes.Status400BadRequest);
        }

        var form = await http.Request.ReadFormAsync(services.CancellationToken);
        if (!int.TryParse(form["expectedRevision"], NumberStyles.None, CultureInfo.InvariantCulture, out var revision))
        {
            return Page(http, "Review", "<p class=\"error\">The form names no draft revision.</p>", statusCode: StatusCodes.Status400BadRequest);
        }

        try
        {
            var reviewer = ReviewApi.Practitioner(services.Identity, http.User);
            switch (action)
            {
                case "approve":
                    var edited = EditedNote(form["editedNote"].ToString(), services.Json.Value.SerializerOptions);
                    await services.Reviews.ApproveAsync(workflowId, reviewer, new ApproveReviewRequest(revision, edited), services.CancellationToken);
                    break;
                case "reject":
                    await services.Reviews.RejectAsync(workflowId, reviewer, new RejectReviewRequest(form["reason"].ToString(), revision), services.CancellationToken);
                    break;
                default:
                    await services.Reviews.RegenerateAsync(workflowId, reviewer, new RegenerateReviewRequest(revision), services.CancellationToken);
                    break;
            }
        }
        catch (ReviewException ex)
        {
            return ErrorPage(http, ex, workflowId);
        }

        return TypedResults.Redirect("/review");
    }

    /// <summary>The operator's retry of a faulted workflow's step, from the queue's "needs attention" list or the draft page.</summary>
    public static async Task<Results<RedirectHttpResult, ContentHttpResult>> Retry([AsParameters] ReviewPageServices services, Guid workflowId, HttpContext http)
    {
        if (!await services.Antiforgery.IsRequestValidAsync(http))
        {
            return Page(http, "Review", "<p class=\"error\">The form has expired; reload the page and try again.</p>", statusCode: StatusCodes.Status400BadRequest);
        }

        var result = await WorkflowsApi.RetryAsync(new WorkflowsApiServices(services.Queries, services.Publisher, services.CancellationToken), workflowId, ReviewerIdentity.SubjectOf(http.User));
        if (result.Result is ProblemHttpResult problem)
        {
            return Page(http, "Review",
                $"<p><a href=\"/review\">&larr; Queue</a></p><p class=\"error\" role=\"alert\">{E(problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title ?? "The retry was refused.")}</p>",
                statusCode: problem.StatusCode);
        }

        return TypedResults.Redirect("/review");
    }

    public static Results<FileContentHttpResult, NotFound> Asset(string name) =>
        Assets.TryGetValue(name, out var asset) ? TypedResults.File(asset.Content, asset.ContentType) : TypedResults.NotFound();

    private static StructuredNote? EditedNote(string json, JsonSerializerOptions options)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<StructuredNote>(json, options)
                ?? throw new ReviewException(ReviewFailure.Invalid, "The edited note is empty.");
        }
        catch (JsonException)
        {
            throw new ReviewException(ReviewFailure.Invalid, "The edited note is not a structured note.");
        }
    }

    private static void AppendSections(StringBuilder html, StructuredNote note)
    {
        for (var i = 0; i < note.Sections.Count; i++)
        {
            var section = note.Sections[i];
            html.Append(CultureInfo.InvariantCulture, $"<section class=\"note-section\" data-section=\"{E(section.Code)}\"><h2>{E(section.Title)}</h2><ol class=\"sentences\">");
            for (var j = 0; j < section.Sentences.Count; j++)
            {
                var sentence = section.Sentences[j];
                var sources = string.Join(", ", sentence.Evidence.Select(e => e.SourceId).Distinct());
                html.Append(CultureInfo.InvariantCulture,
                    $"<li class=\"sentence\" data-section-index=\"{i}\" data-sentence-index=\"{j}\" tabindex=\"0\">" +
                    $"<span class=\"text\">{E(sentence.Text)}</span> <span class=\"ev\">{(sources.Length > 0 ? $"[{E(sources)}]" : string.Empty)}</span>" +
                    $"<span class=\"tools\"><button type=\"button\" class=\"edit-sentence\">Edit</button><button type=\"button\" class=\"remove-sentence\">Remove</button></span></li>");
            }

            html.Append("</ol></section>");
        }
    }

    private static void AppendCodes(StringBuilder html, StructuredNote note)
    {
        html.Append("<section class=\"codes\" id=\"codes\"><h2>Proposed codes</h2><table><thead><tr><th>Code</th><th>Description</th><th>Confidence</th><th>From</th><th></th></tr></thead><tbody id=\"code-rows\">");
        for (var k = 0; k < note.Codes.Count; k++)
        {
            var code = note.Codes[k];
            html.Append(CultureInfo.InvariantCulture,
                $"<tr class=\"code\" data-code-index=\"{k}\" tabindex=\"0\"><td class=\"code-value\">{E(code.Code)}</td><td>{E(code.Display)}</td>" +
                $"<td class=\"confidence\"><meter min=\"0\" max=\"1\" low=\"0.5\" high=\"0.8\" optimum=\"1\" value=\"{code.Confidence:0.00}\"></meter> {code.Confidence:P0}</td>" +
                $"<td class=\"muted\">{E(code.Rule)}</td><td><button type=\"button\" class=\"toggle-code\">Remove</button></td></tr>");
        }

        html.Append("</tbody></table>");
        if (note.Codes.Count == 0)
        {
            html.Append("<p class=\"muted\" id=\"no-codes\">No codes proposed.</p>");
        }

        html.Append("<div class=\"add-code\"><label for=\"code-search\">Add a code</label>" +
            "<input type=\"search\" id=\"code-search\" placeholder=\"ICD-10-CM code or words, e.g. J20 or pneumonia\" autocomplete=\"off\">" +
            "<ul id=\"code-results\" class=\"code-results\"></ul></div></section>");
    }

    private static void AppendDecisionForm(StringBuilder html, ReviewDetails details, AntiforgeryTokenSet token)
    {
        // One form, three buttons (formaction): the reviewer and the token are entered once whatever is decided.
        html.Append(CultureInfo.InvariantCulture,
            $"<form class=\"decision\" id=\"decision\" method=\"post\" action=\"/review/{details.WorkflowId}/approve\"><h2>Decision</h2>" +
            $"<input type=\"hidden\" name=\"{E(token.FormFieldName)}\" value=\"{E(token.RequestToken ?? string.Empty)}\">" +
            $"<input type=\"hidden\" name=\"expectedRevision\" value=\"{details.Revision}\">" +
            $"<input type=\"hidden\" name=\"editedNote\" id=\"edited-note\" value=\"\">" +
            $"<p class=\"edit-status\" id=\"edit-status\" aria-live=\"polite\">No edits.</p>" +
            $"<div class=\"actions\"><button class=\"approve\" id=\"approve\" formaction=\"/review/{details.WorkflowId}/approve\">Approve</button>" +
            $"<button class=\"secondary\" id=\"regenerate\" formaction=\"/review/{details.WorkflowId}/regenerate\">Ask for a new draft</button></div>" +
            $"<label>Reason for rejection <textarea name=\"reason\" id=\"reason\" rows=\"2\"></textarea></label>" +
            $"<div class=\"actions\"><button class=\"reject\" id=\"reject\" formaction=\"/review/{details.WorkflowId}/reject\">Reject</button></div></form>");
    }

    private static void AppendFaulted(StringBuilder html, IReadOnlyList<FaultedWorkflowEntry> faulted, HttpContext http, IAntiforgery antiforgery, DateTimeOffset now)
    {
        if (faulted.Count == 0)
        {
            return;
        }

        html.Append(CultureInfo.InvariantCulture,
            $"<section class=\"attention\" id=\"attention\"><h2>Needs attention <span class=\"badge critical\">{faulted.Count}</span></h2>" +
            $"<table class=\"faulted\"><thead><tr><th>Note</th><th>Source</th><th>Failed step</th><th>Reason</th><th>Tries</th><th>Since</th><th></th></tr></thead><tbody>");
        foreach (var entry in faulted)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr class=\"faulted\" data-workflow-id=\"{entry.WorkflowId}\"><td><a href=\"/review/{entry.WorkflowId}\">{E(KindTitle(entry.NoteKind))}</a></td>" +
                $"<td class=\"muted\">{E(entry.ResourceType)}/{E(entry.ResourceId)} v{E(entry.ResourceVersion)}</td>" +
                $"<td>{E(StepTitle(entry.Step))}</td><td class=\"fault-reason\">{E(entry.Reason)}</td><td>{entry.Attempts}</td>" +
                $"<td title=\"{entry.FaultedAt:u}\">{Age(now - entry.FaultedAt)}</td><td>");
            AppendRetryForm(html, entry.WorkflowId, http, antiforgery);
            html.Append("</td></tr>");
        }

        html.Append("</tbody></table></section>");
    }

    /// <summary>The retry button, for operators; others see that an operator can retry.</summary>
    private static void AppendRetryForm(StringBuilder html, Guid workflowId, HttpContext http, IAntiforgery antiforgery)
    {
        if (!http.User.IsInRole(KnownReviewerRoles.Operator))
        {
            html.Append("<span class=\"muted\">An operator can retry it.</span>");
            return;
        }

        var token = antiforgery.GetAndStoreTokens(http);
        html.Append(CultureInfo.InvariantCulture,
            $"<form class=\"retry\" method=\"post\" action=\"/review/{workflowId}/retry\">" +
            $"<input type=\"hidden\" name=\"{E(token.FormFieldName)}\" value=\"{E(token.RequestToken ?? string.Empty)}\">" +
            $"<button type=\"submit\" class=\"retry\">Retry</button></form>");
    }

    private static string StepTitle(string? step) => step switch
    {
        KnownWorkflowSteps.Deidentify => "De-identification",
        KnownWorkflowSteps.Draft => "Drafting",
        KnownWorkflowSteps.WriteBack => "Write-back to the EHR",
        _ => step ?? "A step",
    };

    private static void AppendSources(StringBuilder html, StructuredNote note)
    {
        html.Append("<aside class=\"sources\" id=\"sources\"><h2>Sources</h2><p class=\"muted\" id=\"evidence-status\">Select a sentence or a code to see where it came from.</p>");
        foreach (var source in note.Sources)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<section class=\"source\" data-source-id=\"{E(source.SourceId)}\"><h3>{E(source.Label)} <span class=\"muted\">{E(source.SourceId)}</span></h3>" +
                $"<pre class=\"source-text\">{E(source.Text)}</pre></section>");
        }

        html.Append("</aside>");
    }

    private static string PriorityBadge(ReviewPriority priority) =>
        priority == ReviewPriority.Critical ? "<span class=\"badge critical\">Critical</span>" : $"<span class=\"badge\">{priority}</span>";

    private static string Due(DateTimeOffset? dueAt, bool overdue, bool escalated, DateTimeOffset now)
    {
        if (dueAt is not { } due)
        {
            return string.Empty;
        }

        var text = overdue
            ? $"<span class=\"badge overdue\">Overdue {Age(now - due)}</span>"
            : $"<span class=\"muted\" title=\"{due:u}\">in {Age(due - now)}</span>";
        return escalated ? $"{text} <span class=\"badge escalated\">Escalated</span>" : text;
    }

    private static string Age(TimeSpan age) => age switch
    {
        { TotalMinutes: < 1 } => "&lt; 1 min",
        { TotalHours: < 1 } => $"{(int)age.TotalMinutes} min",
        { TotalDays: < 2 } => $"{(int)age.TotalHours} h {age.Minutes} min",
        _ => $"{(int)age.TotalDays} days",
    };

    private static string KindTitle(NoteKind kind) => kind switch
    {
        NoteKind.RadiologyReport => "Radiology report",
        NoteKind.EncounterSummary => "Encounter summary",
        _ => kind.ToString(),
    };

    private static ContentHttpResult ErrorPage(HttpContext http, ReviewException exception, Guid? workflowId = null) =>
        Page(http, "Review",
            $"<p><a href=\"/review\">&larr; Queue</a>{(workflowId is { } id ? $" · <a href=\"/review/{id}\">back to the draft</a>" : string.Empty)}</p><p class=\"error\" role=\"alert\">{E(exception.Message)}</p>",
            statusCode: exception.Failure switch
            {
                ReviewFailure.NotFound => StatusCodes.Status404NotFound,
                ReviewFailure.Conflict => StatusCodes.Status409Conflict,
                ReviewFailure.Forbidden => StatusCodes.Status403Forbidden,
                _ => StatusCodes.Status400BadRequest,
            });

    private static ContentHttpResult Page(HttpContext http, string title, string body, int? refreshSeconds = null, int statusCode = StatusCodes.Status200OK) =>
        TypedResults.Content(Render(http, title, body, statusCode, refreshSeconds), "text/html; charset=utf-8", statusCode: statusCode);

    /// <summary>A whole page around <paramref name="body"/>, with the signed-in person's bar and this page's security headers.</summary>
    internal static string Render(HttpContext http, string title, string body, int statusCode = StatusCodes.Status200OK, int? refreshSeconds = null)
    {
        http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        var refresh = refreshSeconds is { } seconds && statusCode == StatusCodes.Status200OK ? $"<meta http-equiv=\"refresh\" content=\"{seconds}\">" : string.Empty;
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
            $"{refresh}<title>{E(title)} · HealthMesh</title><link rel=\"stylesheet\" href=\"/review/assets/review.css\"></head>" +
            $"<body>{UserBar(http)}{body}<script src=\"/review/assets/review.js\"></script></body></html>";
    }

    private static string UserBar(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated != true)
        {
            return string.Empty;
        }

        var identity = http.RequestServices.GetRequiredService<ReviewerIdentity>();
        var token = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        var roles = new[] { KnownReviewerRoles.Reviewer, KnownReviewerRoles.Viewer, KnownReviewerRoles.Operator }.Where(http.User.IsInRole);
        return "<nav class=\"user\" id=\"user\">" +
            $"<span id=\"user-name\">{E(http.User.Identity.Name ?? ReviewerIdentity.SubjectOf(http.User))}</span> " +
            $"<span class=\"muted\">{E(string.Join(", ", roles))}{(identity.PractitionerOf(http.User) is { } p ? $" · {E(p)}" : string.Empty)}</span> " +
            $"<form method=\"post\" action=\"/review/logout\"><input type=\"hidden\" name=\"{E(token.FormFieldName)}\" value=\"{E(token.RequestToken ?? string.Empty)}\">" +
            "<button type=\"submit\" class=\"secondary\" id=\"sign-out\">Sign out</button></form></nav>";
    }

    private static FrozenDictionary<string, (byte[] Content, string ContentType)> LoadAssets()
    {
        var assembly = typeof(ReviewPage).Assembly;
        return new Dictionary<string, string> { ["review.css"] = "text/css; charset=utf-8", ["review.js"] = "text/javascript; charset=utf-8" }
            .ToFrozenDictionary(a => a.Key, a =>
            {
                using var stream = assembly.GetManifestResourceStream($"review-assets/{a.Key}")
                    ?? throw new InvalidOperationException($"The review page asset {a.Key} is not embedded.");
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                return (copy.ToArray(), a.Value);
            });
    }

    internal static string E(string value) => HtmlEncoder.Default.Encode(value);
}
