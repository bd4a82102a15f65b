using System.Globalization;
using System.Net;
using HealthMesh.EhrSandbox.Authorization;
using HealthMesh.EhrSandbox.Resources;
using HealthMesh.EhrSandbox.Search;
using HealthMesh.EhrSandbox.Subscriptions;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HealthMesh.EhrSandbox.Interactions;

/// <summary>The FHIR R4 RESTful API of the sandbox (JSON, XML on request): capabilities, CRUD with versioning, search, history, batch/transaction.</summary>
public static class FhirApi
{
    public static RouteGroupBuilder MapEhrSandboxApi(this IEndpointRouteBuilder app, string prefix = "/fhir")
    {
        var api = app.MapGroup(prefix)
            .WithTags("EHR sandbox (FHIR R4)")
            .WithMetadata(new FhirBasePath(prefix.TrimEnd('/')))
            .AddEndpointFilter(TranslateErrors);

        api.MapGet("/metadata", GetCapabilities);
        api.MapSmartApi();

        var fhir = api.MapGroup(string.Empty).AddEndpointFilter(SmartApi.RequireAccessToken);
        fhir.MapPost("/", PostBundle);
        fhir.MapGet("/{type}", SearchType);
        fhir.MapPost("/{type}", Create);
        fhir.MapGet("/{type}/{id}", Read);
        fhir.MapPut("/{type}/{id}", Update);
        fhir.MapDelete("/{type}/{id}", Delete);
        fhir.MapMethods("/{type}/{id}", [HttpMethods.Patch], MethodNotAllowed);
        fhir.MapMethods("/{type}", [HttpMethods.Put, HttpMethods.Delete, HttpMethods.Patch], MethodNotAllowed);
        fhir.MapFallback(UnknownInteraction);
        fhir.MapGet("/{type}/{id}/_history", History);
        fhir.MapGet("/{type}/{id}/_history/{versionId}", VRead);
        fhir.MapSubscriptionOperations();
        return api;
    }

    public static FhirResponse GetCapabilities([AsParameters] FhirApiServices services) =>
        new(HttpStatusCode.OK, services.Capabilities.Create(BaseUrl(services)));

    public static async Task<FhirResponse> Read(string type, string id, [AsParameters] FhirApiServices services)
    {
        await using var connection = await services.Database.OpenAsync(services.HttpContext.RequestAborted);
        var outcome = await services.Interactions.ReadAsync(connection, null, type, id);
        return FhirResponse.For(outcome, BaseUrl(services), withLocation: false, minimal: false);
    }

    public static async Task<FhirResponse> VRead(string type, string id, string versionId, [AsParameters] FhirApiServices services)
    {
        FhirInteractions.EnsureKnownType(type);
        if (!long.TryParse(versionId, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw FhirInteractionException.NotFound($"{type}/{id} has no version '{versionId}'.");
        }

        await using var connection = await services.Database.OpenAsync(services.HttpContext.RequestAborted);
        var stored = await services.Store.ReadVersionAsync(connection, type, id, version)
            ?? throw FhirInteractionException.NotFound($"{type}/{id} has no version {versionId}.");
        return stored.IsDeleted
            ? throw FhirInteractionException.Gone($"Version {versionId} of {type}/{id} is a deletion.")
            : FhirResponse.For(new InteractionOutcome(HttpStatusCode.OK, stored, FhirResourceParser.Parse(stored.Json!)), BaseUrl(services), withLocation: false, minimal: false);
    }

    public static async Task<FhirResponse> History(string type, string id, [AsParameters] FhirApiServices services)
    {
        FhirInteractions.EnsureKnownType(type);
        await using var connection = await services.Database.OpenAsync(services.HttpContext.RequestAborted);
        var versions = await services.Store.HistoryAsync(connection, type, id);
        if (versions.Count == 0)
        {
            throw FhirInteractionException.NotFound($"{type}/{id} is not known.");
        }

        var baseUrl = BaseUrl(services);
        var bundle = new Bundle { Id = Guid.NewGuid().ToString(), Type = Bundle.BundleType.History, Total = versions.Count };
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = $"{baseUrl}/{type}/{id}/_history" });
        foreach (var (version, index) in versions.Select((v, i) => (v, i)))
        {
            var isFirst = index == versions.Count - 1;
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{baseUrl}/{type}/{id}",
                Resource = version.Json is null ? null : FhirResourceParser.Parse(version.Json),
                Request = new Bundle.RequestComponent
                {
                    Method = version.IsDeleted ? Bundle.HTTPVerb.DELETE : isFirst ? Bundle.HTTPVerb.POST : Bundle.HTTPVerb.PUT,
                    Url = isFirst && !version.IsDeleted ? type : $"{type}/{id}",
                },
                Response = new Bundle.ResponseComponent
                {
                    Status = version.IsDeleted ? "204" : isFirst ? "201" : "200",
                    Etag = version.ETag,
                    LastModified = version.LastUpdated,
                },
            });
        }

        return new FhirResponse(HttpStatusCode.OK, bundle);
    }

    public static async Task<FhirResponse> SearchType(string type, [AsParameters] FhirApiServices services)
    {
        var parameters = services.HttpContext.Request.Query.SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v ?? string.Empty)));
        var query = services.Interactions.ParseSearch(type, parameters);
        await using var connection = await services.Database.OpenAsync(services.HttpContext.RequestAborted);
        var result = await services.Search.SearchAsync(connection, null, query);
        return new FhirResponse(HttpStatusCode.OK, SearchBundles.Create(query, result, BaseUrl(services)));
    }

    public static async Task<FhirResponse> Create(string type, [AsParameters] FhirApiServices services)
    {
        FhirInteractions.EnsureKnownType(type);
        var resource = await ReadBodyAsync(services.HttpContext.Request);
        var ifNoneExist = services.HttpContext.Request.Headers[KnownFhirHeaders.IfNoneExist].FirstOrDefault();
        var outcome = await services.Database.WriteAsync(
            (connection, transaction) => services.Interactions.CreateAsync(connection, transaction, type, resource, ifNoneExist),
            services.HttpContext.RequestAborted);

        // A conditional create that found its match answers 200 with the existing resource.
        if (outcome.Resource is null && outcome.Stored?.Json is { } json)
        {
            outcome = outcome with { Resource = FhirResourceParser.Parse(json) };
        }

        return FhirResponse.For(outcome, BaseUrl(services), withLocation: true, minimal: PrefersMinimal(services));
    }

    public static async Task<FhirResponse> Update(string type, string id, [AsParameters] FhirApiServices services)
    {
        FhirInteractions.EnsureKnownType(type);
        var resource = await ReadBodyAsync(services.HttpContext.Request);
        var ifMatch = services.HttpContext.Request.Headers[KnownFhirHeaders.IfMatch].FirstOrDefault();
        var outcome = await services.Database.WriteAsync(
            (connection, transaction) => services.Interactions.UpdateAsync(connection, transaction, type, id, resource, ifMatch),
            services.HttpContext.RequestAborted);
        return FhirResponse.For(outcome, BaseUrl(services), withLocation: true, minimal: PrefersMinimal(services));
    }

    public static async Task<FhirResponse> Delete(string type, string id, [AsParameters] FhirApiServices services)
    {
        var outcome = await services.Database.WriteAsync(
            (connection, transaction) => services.Interactions.DeleteAsync(connection, transaction, type, id),
            services.HttpContext.RequestAborted);
        return new FhirResponse(outcome.Status, null);
    }

    public static FhirResponse MethodNotAllowed(HttpContext httpContext) =>
        throw new FhirInteractionException(
            HttpStatusCode.MethodNotAllowed,
            FhirInteractionException.CreateOutcome(
                OperationOutcome.IssueType.NotSupported,
                $"{httpContext.Request.Method} {httpContext.Request.Path} is not supported by the sandbox (no patch, conditional update or conditional delete)."));

    public static FhirResponse UnknownInteraction(HttpContext httpContext) =>
        throw FhirInteractionException.NotFound($"{httpContext.Request.Method} {httpContext.Request.Path} is not a FHIR interaction the sandbox knows.");

    public static async Task<FhirResponse> PostBundle([AsParameters] FhirApiServices services)
    {
        var bundle = await ReadBodyAsync(services.HttpContext.Request) as Bundle
            ?? throw FhirInteractionException.BadRequest("Only a Bundle (transaction or batch) can be POSTed to the base.");
        var response = await services.Bundles.ProcessAsync(bundle, BaseUrl(services), services.HttpContext.RequestAborted);
        return new FhirResponse(HttpStatusCode.OK, response);
    }

    /// <summary>The absolute base: the configured <see cref="EhrSandboxOptions.BaseUrl"/>, else the request's scheme, host, path base and prefix.</summary>
    public static string BaseUrl(FhirApiServices services)
    {
        if (services.Options.Value.BaseUrl is { } configured)
        {
            return configured.AbsoluteUri.TrimEnd('/');
        }

        var request = services.HttpContext.Request;
        var prefix = services.HttpContext.GetEndpoint()?.Metadata.GetMetadata<FhirBasePath>()?.Prefix ?? string.Empty;
        return $"{request.Scheme}://{request.Host}{request.PathBase}{prefix}";
    }

    private static async Task<Resource> ReadBodyAsync(HttpRequest request)
    {
        var format = FhirFormat.ForRequest(request);
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        return format == FhirFormat.Xml ? FhirXml.Parse(body) : FhirResourceParser.Parse(body);
    }

    private static bool PrefersMinimal(FhirApiServices services) =>
        services.HttpContext.Request.Headers[KnownFhirHeaders.Prefer].Any(p => p?.Contains("return=minimal", StringComparison.OrdinalIgnoreCase) == true);

    private static async ValueTask<object?> TranslateErrors(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (FhirInteractionException e)
        {
            return FhirResponse.Error(e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Logged with its type and stack only: the message may quote resource content.
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FhirApi))
                .LogError("Unhandled {ExceptionType} in {Method} {Path}: {StackTrace}", e.GetType().Name, context.HttpContext.Request.Method, context.HttpContext.Request.Path, e.StackTrace);
            return new FhirResponse(
                HttpStatusCode.InternalServerError,
                FhirInteractionException.CreateOutcome(OperationOutcome.IssueType.Exception, "The sandbox failed to process the request; see its log."));
        }
    }
}
