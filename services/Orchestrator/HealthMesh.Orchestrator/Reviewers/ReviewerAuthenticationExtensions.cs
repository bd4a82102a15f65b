using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HealthMesh.Orchestrator.Reviewers;

public static class ReviewerAuthenticationExtensions
{
    /// <summary>
    /// Authentication (bearer tokens and the page's session; OpenID Connect or the development login) and the three
    /// policies of <see cref="KnownReviewerPolicies"/>. The selector scheme picks a handler per request from the bound
    /// options. The OpenID Connect sign-in handler exists only when a client id is configured: ASP.NET Core initializes
    /// every remote handler on every request, and one without a client id fails them all.
    /// </summary>
    /// <param name="developmentLoginAllowed">
    /// The embedded host passes true; otherwise the development login is accepted only in the Development environment.
    /// </param>
    public static IHostApplicationBuilder AddReviewerAuthentication(this IHostApplicationBuilder builder, bool developmentLoginAllowed)
    {
        var allowed = developmentLoginAllowed || builder.Environment.IsDevelopment();
        builder.Services.AddOptions<ReviewerAuthenticationOptions>()
            .BindConfiguration(ReviewerAuthenticationOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(
                o => o.Mode != ReviewerAuthenticationMode.DevelopmentLogin || allowed,
                $"{ReviewerAuthenticationOptions.SectionName}:Mode is DevelopmentLogin, which signs anyone in without a password: it is only for the " +
                $"embedded 'healthmesh serve' and the Development environment. Configure Mode Oidc (Authority, Audience) for this host.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton<ReviewerIdentity>();

        var authentication = builder.Services.AddAuthentication(KnownReviewerSchemes.Selector)
            .AddPolicyScheme(KnownReviewerSchemes.Selector, "HealthMesh reviewers", _ => { })
            .AddCookie(KnownReviewerSchemes.Cookie)
            .AddJwtBearer(KnownReviewerSchemes.JwtBearer);
        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{ReviewerAuthenticationOptions.SectionName}:{nameof(ReviewerAuthenticationOptions.ClientId)}"]))
        {
            authentication.AddOpenIdConnect(KnownReviewerSchemes.OpenIdConnect, _ => { });
        }

        // The local operator key exists only where the development login does (the embedded shape).
        if (allowed && builder.Configuration.GetValue<ReviewerAuthenticationMode?>($"{ReviewerAuthenticationOptions.SectionName}:{nameof(ReviewerAuthenticationOptions.Mode)}") == ReviewerAuthenticationMode.DevelopmentLogin)
        {
            authentication.AddScheme<AuthenticationSchemeOptions, OperatorApiKeyAuthenticationHandler>(KnownReviewerSchemes.OperatorApiKey, _ => { });
        }

        builder.Services.AddOptions<PolicySchemeOptions>(KnownReviewerSchemes.Selector)
            .Configure<IOptions<ReviewerAuthenticationOptions>>((scheme, settings) => scheme.ForwardDefaultSelector = http => Select(http, settings.Value));
        builder.Services.AddOptions<CookieAuthenticationOptions>(KnownReviewerSchemes.Cookie)
            .Configure<IOptions<ReviewerAuthenticationOptions>>((cookie, settings) => ConfigureCookie(cookie, settings.Value));
        builder.Services.AddOptions<JwtBearerOptions>(KnownReviewerSchemes.JwtBearer)
            .Configure<IOptions<ReviewerAuthenticationOptions>>((jwt, settings) => ConfigureJwtBearer(jwt, settings.Value));
        builder.Services.AddOptions<OpenIdConnectOptions>(KnownReviewerSchemes.OpenIdConnect)
            .Configure<IOptions<ReviewerAuthenticationOptions>>((oidc, settings) => ConfigureOpenIdConnect(oidc, settings.Value));

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(KnownReviewerPolicies.Read, policy => policy.RequireRole(KnownReviewerRoles.Reviewer, KnownReviewerRoles.Viewer, KnownReviewerRoles.Operator))
            .AddPolicy(KnownReviewerPolicies.Decide, policy => policy.RequireRole(KnownReviewerRoles.Reviewer))
            .AddPolicy(KnownReviewerPolicies.Operate, policy => policy.RequireRole(KnownReviewerRoles.Operator));
        return builder;
    }

    /// <summary>
    /// A bearer header goes to the token handler (the local operator key in the development login); anything else to
    /// the session (development login or OpenID Connect).
    /// </summary>
    private static string Select(HttpContext http, ReviewerAuthenticationOptions settings)
    {
        var bearer = http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        if (settings.Mode == ReviewerAuthenticationMode.DevelopmentLogin)
        {
            return bearer ? KnownReviewerSchemes.OperatorApiKey : KnownReviewerSchemes.Cookie;
        }

        return bearer || string.IsNullOrWhiteSpace(settings.ClientId) ? KnownReviewerSchemes.JwtBearer : KnownReviewerSchemes.Cookie;
    }

    private static void ConfigureCookie(CookieAuthenticationOptions cookie, ReviewerAuthenticationOptions settings)
    {
        cookie.Cookie.Name = KnownReviewerSchemes.CookieName;
        cookie.Cookie.HttpOnly = true;
        // Strict: the JSON API accepts this cookie, so no other site may make the browser send it.
        cookie.Cookie.SameSite = SameSiteMode.Strict;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
        cookie.SlidingExpiration = true;
        cookie.LoginPath = DevelopmentLoginPage.LoginPath;
        cookie.AccessDeniedPath = DevelopmentLoginPage.LoginPath;
        if (settings.Mode == ReviewerAuthenticationMode.Oidc && !string.IsNullOrWhiteSpace(settings.ClientId))
        {
            cookie.ForwardChallenge = KnownReviewerSchemes.OpenIdConnect;
        }

        // The API answers 401/403 (a redirect to a login page means nothing to an EHR calling it); pages redirect.
        cookie.Events.OnRedirectToLogin = context => ApiStatusOr(context, StatusCodes.Status401Unauthorized);
        cookie.Events.OnRedirectToAccessDenied = context => ApiStatusOr(context, StatusCodes.Status403Forbidden);
    }

    private static void ConfigureJwtBearer(JwtBearerOptions jwt, ReviewerAuthenticationOptions settings)
    {
        jwt.Authority = settings.Authority?.AbsoluteUri.TrimEnd('/');
        jwt.Audience = settings.Audience;
        jwt.RequireHttpsMetadata = settings.RequireHttpsMetadata;
        // Claims keep their JWT names (sub, roles, fhirUser) instead of the WS-* URIs.
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters.NameClaimType = settings.NameClaimType;
        jwt.TokenValidationParameters.RoleClaimType = settings.RoleClaimType;
    }

    private static void ConfigureOpenIdConnect(OpenIdConnectOptions oidc, ReviewerAuthenticationOptions settings)
    {
        oidc.SignInScheme = KnownReviewerSchemes.Cookie;
        oidc.Authority = settings.Authority?.AbsoluteUri.TrimEnd('/');
        oidc.ClientId = settings.ClientId;
        oidc.ClientSecret = settings.ClientSecret;
        oidc.RequireHttpsMetadata = settings.RequireHttpsMetadata;
        oidc.ResponseType = "code";
        oidc.UsePkce = true;
        oidc.MapInboundClaims = false;
        oidc.GetClaimsFromUserInfoEndpoint = true;
        oidc.CallbackPath = "/review/signin-oidc";
        oidc.SignedOutCallbackPath = "/review/signout-oidc";
        oidc.TokenValidationParameters.NameClaimType = settings.NameClaimType;
        oidc.TokenValidationParameters.RoleClaimType = settings.RoleClaimType;
        oidc.Events.OnRedirectToIdentityProvider = context =>
        {
            if (IsApi(context.Request))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.HandleResponse();
            }

            return Task.CompletedTask;
        };
    }

    private static Task ApiStatusOr(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (IsApi(context.Request))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);
}
