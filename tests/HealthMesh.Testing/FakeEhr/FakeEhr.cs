using System.Net;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace HealthMesh.Testing.FakeEhr;

/// <summary>
/// A small FHIR R4 server standing in for the EHR (the edge HealthMesh does not own): read, vread, search with paging,
/// and atomic transactions with conditional create (<c>ifNoneExist</c>) and referential integrity, answering errors
/// with OperationOutcome as a real server does. Runs on a real Kestrel port so the FHIR client goes over HTTP.
/// </summary>
public sealed class FakeEhr : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Lock gate = new();
    private readonly Dictionary<string, List<Resource>> store = new(StringComparer.Ordinal);
    private readonly List<(DateTimeOffset At, string Request)> requests = [];
    private int nextId = 1000;
    private (int Count, HttpStatusCode Status, string? Method, string? RetryAfter, OperationOutcome? Outcome) failures;

    private FakeEhr(WebApplication app) => this.app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Search page size (a real server's default is larger; small values exercise paging).</summary>
    public int PageSize { get; set; } = 50;

    /// <summary>Requests received, as <c>METHOD path?query</c>.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (gate)
            {
                return [.. requests.Select(r => r.Request)];
            }
        }
    }

    /// <summary>Requests received with the time each arrived (to check how long a client waited between retries).</summary>
    public IReadOnlyList<(DateTimeOffset At, string Request)> TimedRequests
    {
        get
        {
            lock (gate)
            {
                return [.. requests];
            }
        }
    }

    public static async Task<FakeEhr> StartAsync(params Resource[] fixtures)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var ehr = new FakeEhr(app);
        foreach (var fixture in fixtures)
        {
            ehr.Seed(fixture);
        }

        ehr.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        ehr.BaseUrl = new Uri($"{address.TrimEnd('/')}/fhir");
        return ehr;
    }

    /// <summary>Stores a fixture as a new version (version 1 unless it exists), as if created in the EHR.</summary>
    public Resource Seed(Resource resource)
    {
        lock (gate)
        {
            var copy = (Resource)resource.DeepCopy();
            copy.Id ??= NewId();
            var key = $"{copy.TypeName}/{copy.Id}";
            if (!store.TryGetValue(key, out var versions))
            {
                store[key] = versions = [];
            }

            copy.Meta ??= new Meta();
            copy.Meta.VersionId = (versions.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            copy.Meta.LastUpdated = DateTimeOffset.UtcNow;
            versions.Add(copy);
            return (Resource)copy.DeepCopy();
        }
    }

    /// <summary>Current versions of every stored resource of a type.</summary>
    public IReadOnlyList<T> All<T>() where T : Resource
    {
        lock (gate)
        {
            return store.Values.Select(v => v[^1]).OfType<T>().Select(r => (T)r.DeepCopy()).ToList();
        }
    }

    /// <summary>
    /// The next <paramref name="count"/> requests (of <paramref name="method"/>, or any) fail with <paramref name="status"/>,
    /// with a <c>Retry-After</c> header when <paramref name="retryAfter"/> is given (delta-seconds or an HTTP-date).
    /// </summary>
    public void FailNext(int count, HttpStatusCode status, string? method = null, string? retryAfter = null)
    {
        lock (gate)
        {
            failures = (count, status, method, retryAfter, null);
        }
    }

    /// <summary>The next request (of <paramref name="method"/>, or any) is answered with <paramref name="status"/> and <paramref name="outcome"/>, as an EHR that refuses it.</summary>
    public void RejectNext(HttpStatusCode status, OperationOutcome outcome, string? method = null)
    {
        lock (gate)
        {
            failures = (1, status, method, null, (OperationOutcome)outcome.DeepCopy());
        }
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private void Map(WebApplication web)
    {
        web.Use(async (context, next) =>
        {
            FhirResult? injected = null;
            lock (gate)
            {
                requests.Add((DateTimeOffset.UtcNow, $"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}"));
                if (failures.Count > 0 && (failures.Method is null || failures.Method == context.Request.Method))
                {
                    failures.Count--;
                    injected = failures.Outcome is { } outcome
                        ? new FhirResult((int)failures.Status, outcome)
                        : FhirResult.Outcome((int)failures.Status, IssueType.Transient, $"Injected failure {(int)failures.Status}.");
                    if (failures.RetryAfter is { } retryAfter)
                    {
                        context.Response.Headers.RetryAfter = retryAfter;
                    }
                }
            }

            if (injected is not null)
            {
                await injected.ExecuteAsync(context);
                return;
            }

            try
            {
                await next(context);
            }
            catch (FakeEhrException e)
            {
                await e.ToResult().ExecuteAsync(context);
            }
        });

        var fhir = web.MapGroup("/fhir");
        fhir.MapGet("/metadata", () => new FhirResult(200, new CapabilityStatement
        {
            Status = PublicationStatus.Active,
            Kind = CapabilityStatementKind.Instance,
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["json"],
            Date = "2026-01-01",
        }));
        fhir.MapGet("/{type}/{id}", (string type, string id) => Read(type, id, null));
        fhir.MapGet("/{type}/{id}/_history/{version}", (string type, string id, string version) => Read(type, id, version));
        fhir.MapGet("/{type}", (string type, HttpRequest request) => Search(type, request));
        fhir.MapPost("/", TransactionAsync);
    }

    private FhirResult Read(string type, string id, string? version)
    {
        lock (gate)
        {
            if (!store.TryGetValue($"{type}/{id}", out var versions))
            {
                return FhirResult.Outcome(404, IssueType.NotFound, $"Resource {type}/{id} is not known");
            }

            var resource = version is null ? versions[^1] : versions.FirstOrDefault(v => v.Meta!.VersionId == version);
            return resource is null
                ? FhirResult.Outcome(404, IssueType.NotFound, $"Version {version} of resource {type}/{id} is not known")
                : new FhirResult(200, resource, etag: $"W/\"{resource.Meta!.VersionId}\"");
        }
    }

    private FhirResult Search(string type, HttpRequest request)
    {
        var criteria = request.Query
            .Where(q => q.Key is not ("_count" or "_offset" or "_format"))
            .Select(q => (q.Key, q.Value.ToString()))
            .ToList();
        var offset = int.TryParse(request.Query["_offset"], out var o) ? o : 0;
        var count = int.TryParse(request.Query["_count"], out var c) ? c : PageSize;

        List<Resource> matches;
        lock (gate)
        {
            matches = FakeEhrSearch.Filter(type, store.Values.Select(v => v[^1]), criteria).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        }

        var self = $"{BaseUrl}/{type}?{string.Join('&', criteria.Select(c => $"{c.Key}={Uri.EscapeDataString(c.Item2)}"))}";
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset, Total = matches.Count };
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = $"{self}&_offset={offset}&_count={count}" });
        if (offset + count < matches.Count)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = $"{self}&_offset={offset + count}&_count={count}" });
        }

        foreach (var match in matches.Skip(offset).Take(count))
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{BaseUrl}/{match.TypeName}/{match.Id}",
                Resource = match,
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            });
        }

        return new FhirResult(200, bundle);
    }

    private async Task<FhirResult> TransactionAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        Bundle transaction;
        try
        {
            transaction = FhirJson.Parse<Bundle>(body.ToArray());
        }
        catch (Exception e) when (e is DeserializationFailedException or System.Text.Json.JsonException)
        {
            return FhirResult.Outcome(400, IssueType.Structure, $"Failed to parse request body as a FHIR Bundle: {e.Message}");
        }

        if (transaction.Type != Bundle.BundleType.Transaction)
        {
            return FhirResult.Outcome(400, IssueType.Invalid, $"Unable to process bundle of type '{transaction.Type}': expected transaction");
        }

        lock (gate)
        {
            return FakeEhrTransaction.Execute(transaction, store, BaseUrl, NewId);
        }
    }

    private string NewId() => Interlocked.Increment(ref nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
