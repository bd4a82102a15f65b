using System.Globalization;
using System.Security.Claims;
using System.Text;
using HealthMesh.Orchestrator.Review;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace HealthMesh.Orchestrator.Reviewers;

/// <summary>
/// <c>/review/login</c> and <c>/review/logout</c>. In the development login mode the page lists the configured
/// development reviewers and signs the chosen one in with a session cookie (no password: the mode is refused outside
/// the embedded shape and Development). In the OpenID Connect mode login goes to the identity provider.
/// </summary>
public static class DevelopmentLoginPage
{
    public const string LoginPath = "/review/login";

    public static IEndpointRouteBuilder MapReviewerLogin(this IEndpointRouteBuilder app)
    {
        var login = app.MapGroup("/review").ExcludeFromDescription().AllowAnonymous();
        login.MapGet("/login", Login);
        login.MapPost("/login", SignIn);
        login.MapPost("/logout", SignOut);
        return app;
    }

    public static IResult Login(HttpContext http, IAntiforgery antiforgery, IOptions<ReviewerAuthenticationOptions> options, string? returnUrl)
    {
        var settings = options.Value;
        var target = LocalOrQueue(returnUrl);
        if (settings.Mode == ReviewerAuthenticationMode.Oidc && string.IsNullOrWhiteSpace(settings.ClientId))
        {
            return TypedResults.Content(ReviewPage.Render(http, "Sign in",
                    $"<p class=\"error\">This review page has no OpenID Connect client: set {ReviewerAuthenticationOptions.SectionName}:ClientId to sign in here. The review API accepts bearer tokens.</p>",
                    StatusCodes.Status404NotFound),
                "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        }

        if (settings.Mode == ReviewerAuthenticationMode.Oidc)
        {
            return http.User.Identity?.IsAuthenticated == true
                ? TypedResults.Content(ReviewPage.Render(http, "Access denied", Denied(http), StatusCodes.Status403Forbidden), "text/html; charset=utf-8", statusCode: StatusCodes.Status403Forbidden)
                : TypedResults.Challenge(new AuthenticationProperties { RedirectUri = target }, [KnownReviewerSchemes.OpenIdConnect]);
        }

        // A signed-in person sent here by a refused action learns why instead of being offered another login silently.
        var html = new StringBuilder("<header class=\"top\"><h1>Sign in to review</h1>");
        if (http.User.Identity?.IsAuthenticated == true && !string.IsNullOrEmpty(returnUrl))
        {
            html.Append(Denied(http));
        }

        html.Append("<p class=\"muted\">Development login: choose who you are. This mode has no passwords and is refused outside the embedded development shape.</p></header>");
        var token = antiforgery.GetAndStoreTokens(http);
        html.Append(CultureInfo.InvariantCulture,
            $"<form class=\"login\" id=\"login\" method=\"post\" action=\"{LoginPath}\">" +
            $"<input type=\"hidden\" name=\"{ReviewPage.E(token.FormFieldName)}\" value=\"{ReviewPage.E(token.RequestToken ?? string.Empty)}\">" +
            $"<input type=\"hidden\" name=\"returnUrl\" value=\"{ReviewPage.E(target)}\"><ul class=\"reviewers\">");
        foreach (var reviewer in settings.DevelopmentReviewers)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<li><button type=\"submit\" name=\"reviewer\" value=\"{ReviewPage.E(reviewer.Id)}\" data-reviewer=\"{ReviewPage.E(reviewer.Id)}\">{ReviewPage.E(reviewer.Name)}</button> " +
                $"<span class=\"muted\">{ReviewPage.E(string.Join(", ", reviewer.Roles))}{(reviewer.Practitioner is { Length: > 0 } p ? $" · {ReviewPage.E(p)}" : string.Empty)}</span></li>");
        }

        html.Append("</ul></form>");
        return TypedResults.Content(ReviewPage.Render(http, "Sign in", html.ToString()), "text/html; charset=utf-8");
    }

    public static async Task<IResult> SignIn(HttpContext http, IAntiforgery antiforgery, IOptions<ReviewerAuthenticationOptions> options)
    {
        var settings = options.Value;
        if (settings.Mode != ReviewerAuthenticationMode.DevelopmentLogin)
        {
            return TypedResults.NotFound();
        }

        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return TypedResults.Content(ReviewPage.Render(http, "Sign in", "<p class=\"error\">The form has expired; <a href=\"/review/login\">reload it</a>.</p>", StatusCodes.Status400BadRequest),
                "text/html; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var reviewer = settings.DevelopmentReviewers.FirstOrDefault(r => r.Id == form["reviewer"].ToString());
        if (reviewer is null)
        {
            return TypedResults.Content(ReviewPage.Render(http, "Sign in", "<p class=\"error\">No such development reviewer; <a href=\"/review/login\">choose one</a>.</p>", StatusCodes.Status400BadRequest),
                "text/html; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        }

        List<Claim> claims = [new(ReviewerIdentity.SubjectClaimType, reviewer.Id), new(settings.NameClaimType, reviewer.Name)];
        if (reviewer.Practitioner is { Length: > 0 } practitioner)
        {
            claims.Add(new Claim(settings.PractitionerClaimType, practitioner));
        }

        claims.AddRange(reviewer.Roles.Select(role => new Claim(settings.RoleClaimType, role)));
        var identity = new ClaimsIdentity(claims, KnownReviewerSchemes.Cookie, settings.NameClaimType, settings.RoleClaimType);
        await http.SignInAsync(KnownReviewerSchemes.Cookie, new ClaimsPrincipal(identity));
        return TypedResults.Redirect(LocalOrQueue(form["returnUrl"]));
    }

    public static async Task<IResult> SignOut(HttpContext http, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return TypedResults.BadRequest();
        }

        await http.SignOutAsync(KnownReviewerSchemes.Cookie);
        return TypedResults.Redirect(LoginPath);
    }

    private static string Denied(HttpContext http) =>
        $"<p class=\"error\" role=\"alert\">Signed in as {ReviewPage.E(http.User.Identity?.Name ?? ReviewerIdentity.SubjectOf(http.User))}, " +
        "whose roles do not allow this. Reviewing needs the 'reviewer' role, reading 'reviewer', 'viewer' or 'operator'.</p>";

    // Only a path of this site: an absolute or protocol-relative returnUrl would make the login an open redirect.
    private static string LocalOrQueue(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/review";
}
