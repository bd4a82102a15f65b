using System.Net;
using HealthMesh.EhrSandbox.Persistence;
using HealthMesh.EhrSandbox.Resources;
using HealthMesh.EhrSandbox.Search;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Microsoft.Data.Sqlite;

namespace HealthMesh.EhrSandbox.Bundles;

/// <summary>
/// POST of a Bundle to the base. A transaction runs every entry in one database transaction (DELETE, POST, PUT, GET
/// order; <c>urn:uuid:</c> and other fullUrls of created resources rewritten in every reference) and either all of it is
/// committed or nothing is, the failing entry named in the OperationOutcome. A batch runs each entry on its own.
/// </summary>
public sealed class BundleProcessor(SandboxDatabase database, FhirInteractions interactions, ResourceSearch search)
{
    public async Task<Bundle> ProcessAsync(Bundle bundle, string? baseUrl, CancellationToken cancellationToken)
    {
        return bundle.Type switch
        {
            Bundle.BundleType.Transaction => await TransactionAsync([.. bundle.Entry.Select(ParseRequest)], baseUrl, cancellationToken),
            Bundle.BundleType.Batch => await BatchAsync(bundle, baseUrl, cancellationToken),
            _ => throw FhirInteractionException.BadRequest($"Only transaction and batch Bundles can be POSTed to the base, not '{bundle.Type?.ToString() ?? "(no type)"}'."),
        };
    }

    private async Task<Bundle> TransactionAsync(List<BundleRequest> entries, string? baseUrl, CancellationToken cancellationToken)
    {
        var outcomes = await database.WriteAsync(
            async (connection, transaction) =>
            {
                var results = new InteractionOutcome?[entries.Count];
                var ids = await AssignIdsAsync(connection, transaction, entries, results);
                foreach (var entry in entries.Where(e => e.Resource is not null))
                {
                    BundleReferences.Rewrite(entry.Resource!, ids);
                }

                foreach (var entry in entries.OrderBy(e => Order(e.Method)))
                {
                    if (results[entry.Index] is null)
                    {
                        results[entry.Index] = await ExecuteEntryAsync(connection, transaction, entry, baseUrl, idsAssigned: true);
                    }
                }

                return results;
            },
            cancellationToken);

        return Response(Bundle.BundleType.TransactionResponse, [.. entries.Select(e => (Bundle.HTTPVerb?)e.Method)], [.. outcomes.Select(o => o!)], baseUrl);
    }

    /// <summary>Each entry on its own, a malformed one included: its error is its response entry, the others still run.</summary>
    private async Task<Bundle> BatchAsync(Bundle bundle, string? baseUrl, CancellationToken cancellationToken)
    {
        var results = new List<InteractionOutcome>();
        foreach (var (component, index) in bundle.Entry.Select((e, i) => (e, i)))
        {
            try
            {
                var entry = ParseRequest(component, index);
                results.Add(await database.WriteAsync((connection, transaction) => ExecuteEntryAsync(connection, transaction, entry, baseUrl, idsAssigned: false), cancellationToken));
            }
            catch (FhirInteractionException e)
            {
                results.Add(new InteractionOutcome(e.Status, null, e.Outcome));
            }
        }

        return Response(Bundle.BundleType.BatchResponse, [.. bundle.Entry.Select(e => e.Request?.Method)], results, baseUrl);
    }

    /// <summary>
    /// Gives every POST entry its server id up front (or, for a conditional create that matches, the existing id) so that
    /// references between entries can be rewritten before anything is written.
    /// </summary>
    private async Task<Dictionary<string, string>> AssignIdsAsync(SqliteConnection connection, SqliteTransaction transaction, List<BundleRequest> entries, InteractionOutcome?[] results)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            string? reference = null;
            if (entry.Method == Bundle.HTTPVerb.POST)
            {
                var existing = entry.IfNoneExist is null ? null : await Fail(entry, () => interactions.FindExistingAsync(connection, transaction, entry.Type, entry.IfNoneExist));
                if (existing is not null)
                {
                    results[entry.Index] = new InteractionOutcome(HttpStatusCode.OK, existing, null);
                    reference = $"{existing.ResourceType}/{existing.Id}";
                }
                else
                {
                    entry.Resource!.Id = Guid.NewGuid().ToString();
                    reference = $"{entry.Type}/{entry.Resource.Id}";
                }
            }
            else if (entry.Method == Bundle.HTTPVerb.PUT)
            {
                reference = $"{entry.Type}/{entry.Id}";
            }

            if (reference is not null && entry.FullUrl is not null && !ids.TryAdd(entry.FullUrl, reference))
            {
                throw FhirInteractionException.BadRequest($"Bundle.entry[{entry.Index}].fullUrl '{entry.FullUrl}' is used by more than one entry.");
            }
        }

        return ids;
    }

    private Task<InteractionOutcome> ExecuteEntryAsync(SqliteConnection connection, SqliteTransaction transaction, BundleRequest entry, string? baseUrl, bool idsAssigned) =>
        Fail(entry, async () => entry.Method switch
        {
            // In a transaction AssignIdsAsync gave the id already (and resolved If-None-Exist) so references could be rewritten.
            Bundle.HTTPVerb.POST when idsAssigned => await interactions.CreateWithIdAsync(connection, transaction, entry.Type, entry.Resource!),
            Bundle.HTTPVerb.POST => await interactions.CreateAsync(connection, transaction, entry.Type, entry.Resource!, entry.IfNoneExist),
            Bundle.HTTPVerb.PUT => await interactions.UpdateAsync(connection, transaction, entry.Type, entry.Id!, entry.Resource!, entry.IfMatch),
            Bundle.HTTPVerb.DELETE => await interactions.DeleteAsync(connection, transaction, entry.Type, entry.Id!),
            _ => entry.Id is not null
                ? await interactions.ReadAsync(connection, transaction, entry.Type, entry.Id)
                : new InteractionOutcome(HttpStatusCode.OK, null, await SearchBundleAsync(connection, transaction, entry, baseUrl)),
        });

    private async Task<Bundle> SearchBundleAsync(SqliteConnection connection, SqliteTransaction transaction, BundleRequest entry, string? baseUrl)
    {
        var query = SearchQueryParser.Parse(entry.Type, entry.Query ?? string.Empty, 1000);
        return SearchBundles.Create(query, await search.SearchAsync(connection, transaction, query), baseUrl ?? string.Empty);
    }

    private static async Task<T> Fail<T>(BundleRequest entry, Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (FhirInteractionException e)
        {
            foreach (var issue in e.Outcome.Issue)
            {
                issue.Diagnostics = $"Bundle.entry[{entry.Index}] ({entry.Method} {entry.Url}): {issue.Diagnostics}";
                issue.Expression = [$"Bundle.entry[{entry.Index}]"];
            }

            throw;
        }
    }

    private static BundleRequest ParseRequest(Bundle.EntryComponent entry, int index)
    {
        var request = entry.Request ?? throw FhirInteractionException.BadRequest($"Bundle.entry[{index}].request is required in a transaction or batch.", OperationOutcome.IssueType.Required);
        var method = request.Method ?? throw FhirInteractionException.BadRequest($"Bundle.entry[{index}].request.method is required.", OperationOutcome.IssueType.Required);
        var url = request.Url ?? throw FhirInteractionException.BadRequest($"Bundle.entry[{index}].request.url is required.", OperationOutcome.IssueType.Required);
        var queryStart = url.IndexOf('?');
        var path = (queryStart < 0 ? url : url[..queryStart]).Trim('/');
        var query = queryStart < 0 ? null : url[(queryStart + 1)..];
        var segments = path.Split('/');
        var type = segments[0];
        var id = segments.Length > 1 ? segments[1] : null;

        var valid = method switch
        {
            Bundle.HTTPVerb.POST => segments.Length == 1 && query is null && entry.Resource is not null,
            Bundle.HTTPVerb.PUT => segments.Length == 2 && query is null && entry.Resource is not null,
            Bundle.HTTPVerb.DELETE => segments.Length == 2 && query is null,
            Bundle.HTTPVerb.GET => segments.Length is 1 or 2,
            _ => throw FhirInteractionException.NotSupported($"Bundle.entry[{index}].request.method {method} is not supported by the sandbox."),
        };
        if (!valid)
        {
            throw FhirInteractionException.BadRequest($"Bundle.entry[{index}]: '{method} {url}' is not a valid request (POST Type, PUT/DELETE Type/id, GET Type/id or Type?query; POST and PUT need a resource).");
        }

        try
        {
            FhirInteractions.EnsureKnownType(type);
        }
        catch (FhirInteractionException)
        {
            throw FhirInteractionException.BadRequest($"Bundle.entry[{index}].request.url '{url}': '{type}' is not a FHIR R4 resource type.");
        }

        if (entry.Resource is { } resource && resource.TypeName != type)
        {
            throw FhirInteractionException.BadRequest($"Bundle.entry[{index}] holds a {resource.TypeName} but its request.url is for {type}.");
        }

        return new BundleRequest(index, method, url, type, id, query, entry.FullUrl, entry.Resource, request.IfNoneExist, request.IfMatch);
    }

    private static int Order(Bundle.HTTPVerb method) => method switch
    {
        Bundle.HTTPVerb.DELETE => 0,
        Bundle.HTTPVerb.POST => 1,
        Bundle.HTTPVerb.PUT => 2,
        _ => 3,
    };

    private static Bundle Response(Bundle.BundleType type, IReadOnlyList<Bundle.HTTPVerb?> methods, IReadOnlyList<InteractionOutcome> outcomes, string? baseUrl)
    {
        var response = new Bundle { Id = Guid.NewGuid().ToString(), Type = type };
        for (var i = 0; i < outcomes.Count; i++)
        {
            var outcome = outcomes[i];
            var line = new Bundle.ResponseComponent { Status = $"{(int)outcome.Status} {ReasonPhrase(outcome.Status)}" };
            if ((int)outcome.Status >= 400)
            {
                line.Outcome = outcome.Resource;
            }
            else if (outcome.Stored is { IsDeleted: false } stored)
            {
                line.Location = $"{(baseUrl is null ? string.Empty : baseUrl + "/")}{stored.RelativeVersionUrl}";
                line.Etag = stored.ETag;
                line.LastModified = stored.LastUpdated;
            }

            var isRead = methods[i] == Bundle.HTTPVerb.GET && (int)outcome.Status < 400;
            response.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = outcome.Stored is { } s && baseUrl is not null ? $"{baseUrl}/{s.ResourceType}/{s.Id}" : null,
                // Reads and searches answer with their result; writes with the response line only, as Prefer: return=minimal.
                Resource = isRead ? outcome.Resource : null,
                Response = line,
            });
        }

        return response;
    }

    private static string ReasonPhrase(HttpStatusCode status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase((int)status);
}
