using System.Net;
using HealthMesh.EhrSandbox.Interactions;
using HealthMesh.EhrSandbox.Resources;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HealthMesh.EhrSandbox.Authorization;

/// <summary>SMART discovery and token endpoints under the FHIR base, and the bearer-token filter of the FHIR API.</summary>
public static class SmartApi
{
    public static RouteGroupBuilder MapSmartApi(this RouteGroupBuilder api)
    {
        api.MapGet("/.well-known/smart-configuration", GetConfiguration);
        api.MapPost(SmartAuthorizationServer.TokenPath, RequestToken).DisableAntiforgery();
        return api;
    }

    public static IResult GetConfiguration([AsParameters] FhirApiServices services) =>
        Results.Json(SmartAuthorizationServer.Configuration(FhirApi.BaseUrl(services)));

    public static async Task<IResult> RequestToken([AsParameters] FhirApiServices services, SmartAuthorizationServer server)
    {
        var http = services.HttpContext;
        // RFC 6749 §5.1: token responses are never cached.
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Pragma = "no-cache";
        if (!http.Request.HasFormContentType)
        {
            var error = TokenResponse.Error("invalid_request", "the token request must be application/x-www-form-urlencoded.");
            return Results.Json(error.Body, statusCode: (int)error.Status);
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var response = await server.IssueAsync(
            form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal),
            FhirApi.BaseUrl(services) + SmartAuthorizationServer.TokenPath);
        return Results.Json(response.Body, statusCode: (int)response.Status);
    }

    /// <summary>
    /// Endpoint filter: with authorization required, the request needs a live token whose scopes allow the interaction
    /// (read/vread/history and operations: <c>r</c>, search: <c>s</c>, create: <c>c</c>, update: <c>u</c>, delete: <c>d</c>;
    /// a batch or transaction at the base: <c>c</c> and <c>u</c> on every type).
    /// </summary>
    public static async ValueTask<object?> RequireAccessToken(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var server = http.RequestServices.GetRequiredService<SmartAuthorizationServer>();
        if (!server.RequireAuthorization)
        {
            return await next(context);
        }

        var type = http.Request.RouteValues["type"] as string ?? "*";
        var hasId = http.Request.RouteValues.ContainsKey("id");
        char[] permissions = (http.Request.Method, hasId, type) switch
        {
            ("POST", _, "*") => ['c', 'u'],
            ("POST", false, _) => ['c'],
            ("PUT", _, _) => ['u'],
            ("DELETE", _, _) => ['d'],
            (_, false, _) => ['s'],
            _ => ['r'],
        };

        var authorization = http.Request.Headers.Authorization.FirstOrDefault();
        if (authorization is null && server.AllowAnonymousRead && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)))
        {
            return await next(context);
        }

        foreach (var permission in permissions)
        {
            if (server.Authorize(authorization, type, permission) is { } denied)
            {
                if (denied.Status == HttpStatusCode.Unauthorized)
                {
                    http.Response.Headers.WWWAuthenticate = authorization is null ? "Bearer" : "Bearer error=\"invalid_token\"";
                }

                return FhirResponse.Error(new FhirInteractionException(
                    denied.Status,
                    FhirInteractionException.CreateOutcome(
                        denied.Status == HttpStatusCode.Unauthorized ? OperationOutcome.IssueType.Login : OperationOutcome.IssueType.Forbidden,
                        denied.Reason)));
            }
        }

        return await next(context);
    }
}
