using System.Globalization;
using System.Net;
using HealthMesh.EhrSandbox.Search;
using HealthMesh.EhrSandbox.Subscriptions;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace HealthMesh.EhrSandbox.Resources;

/// <summary>
/// The write interactions of the FHIR RESTful API with their HTTP semantics (create, conditional create, update with
/// optimistic locking, delete), on a caller's transaction so that single requests and Bundle transactions share them.
/// </summary>
public sealed class FhirInteractions(ResourceStore store, ResourceSearch search, IOptions<EhrSandboxOptions> options)
{
    public async Task<InteractionOutcome> CreateAsync(SqliteConnection connection, SqliteTransaction transaction, string type, Resource resource, string? ifNoneExist)
    {
        EnsureType(type, resource);
        if (!string.IsNullOrWhiteSpace(ifNoneExist) && await FindExistingAsync(connection, transaction, type, ifNoneExist) is { } existing)
        {
            return new InteractionOutcome(HttpStatusCode.OK, existing, null);
        }

        // The spec says a server SHALL ignore an id given on create: the server assigns it.
        resource.Id = Guid.NewGuid().ToString();
        return await CreateWithIdAsync(connection, transaction, type, resource);
    }

    /// <summary>Creates <paramref name="resource"/> under the id the server has already assigned to it (transactions do, to rewrite references first).</summary>
    public async Task<InteractionOutcome> CreateWithIdAsync(SqliteConnection connection, SqliteTransaction transaction, string type, Resource resource)
    {
        EnsureType(type, resource);
        Prepare(resource);
        var stored = await store.WriteAsync(connection, transaction, resource, null);
        return new InteractionOutcome(HttpStatusCode.Created, stored, resource);
    }

    /// <summary>The one resource matching a conditional-create query, null when none; 412 when several do.</summary>
    public async Task<StoredResource?> FindExistingAsync(SqliteConnection connection, SqliteTransaction? transaction, string type, string ifNoneExist)
    {
        var query = SearchQueryParser.Parse(type, ifNoneExist.TrimStart('?'), 2) with { Count = 2, Offset = 0, Includes = [] };
        var result = await search.SearchAsync(connection, transaction, query);
        return result.Total switch
        {
            0 => null,
            1 => result.Matches[0],
            _ => throw FhirInteractionException.PreconditionFailed($"If-None-Exist '{ifNoneExist}' matches {result.Total} {type} resources; it must match at most one."),
        };
    }

    public async Task<InteractionOutcome> UpdateAsync(SqliteConnection connection, SqliteTransaction transaction, string type, string id, Resource resource, string? ifMatch)
    {
        EnsureType(type, resource);
        if (string.IsNullOrEmpty(resource.Id))
        {
            throw FhirInteractionException.BadRequest($"The {type} has no id; an update must carry the id of the URL ({id}).", OperationOutcome.IssueType.Required);
        }

        if (resource.Id != id)
        {
            throw FhirInteractionException.BadRequest($"The resource id '{resource.Id}' does not match the id in the URL '{id}'.");
        }

        var current = await store.ReadAsync(connection, transaction, type, id);
        if (ifMatch is not null)
        {
            var expected = ParseETag(ifMatch);
            if (current is null || current.IsDeleted)
            {
                throw FhirInteractionException.PreconditionFailed($"If-Match {ifMatch}: {type}/{id} does not exist.");
            }

            if (current.VersionId != expected)
            {
                throw FhirInteractionException.PreconditionFailed($"If-Match {ifMatch} does not match the current version {current.ETag} of {type}/{id}.");
            }
        }

        Prepare(resource);
        if (current is not null && ResourceStore.IsUnchanged(resource, current))
        {
            return new InteractionOutcome(HttpStatusCode.OK, current, FhirResourceParser.Parse(current.Json!));
        }

        var stored = await store.WriteAsync(connection, transaction, resource, current);
        return new InteractionOutcome(current is null || current.IsDeleted ? HttpStatusCode.Created : HttpStatusCode.OK, stored, resource);
    }

    public async Task<InteractionOutcome> DeleteAsync(SqliteConnection connection, SqliteTransaction transaction, string type, string id)
    {
        EnsureKnownType(type);
        var current = await store.ReadAsync(connection, transaction, type, id);
        if (current is null || current.IsDeleted)
        {
            // Delete is idempotent: deleting what is not there succeeds.
            return new InteractionOutcome(HttpStatusCode.NoContent, current, null);
        }

        var stored = await store.DeleteAsync(connection, transaction, current);
        return new InteractionOutcome(HttpStatusCode.NoContent, stored, null);
    }

    public async Task<InteractionOutcome> ReadAsync(SqliteConnection connection, SqliteTransaction? transaction, string type, string id)
    {
        EnsureKnownType(type);
        var current = await store.ReadAsync(connection, transaction, type, id) ?? throw FhirInteractionException.NotFound($"{type}/{id} is not known.");
        return current.IsDeleted
            ? throw FhirInteractionException.Gone($"{type}/{id} was deleted (version {current.VersionId}).")
            : new InteractionOutcome(HttpStatusCode.OK, current, FhirResourceParser.Parse(current.Json!));
    }

    public SearchQuery ParseSearch(string type, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        EnsureKnownType(type);
        return SearchQueryParser.Parse(type, parameters, options.Value.MaxPageSize);
    }

    public static void EnsureKnownType(string type)
    {
        if (!ModelInfo.IsKnownResource(type) || type is "Resource" or "DomainResource")
        {
            throw FhirInteractionException.NotFound($"'{type}' is not a FHIR R4 resource type.");
        }
    }

    private static void EnsureType(string type, Resource resource)
    {
        EnsureKnownType(type);
        if (resource.TypeName != type)
        {
            throw FhirInteractionException.BadRequest($"The body is a {resource.TypeName}, but the URL is for {type}.");
        }
    }

    /// <summary>Server-side rules on what is stored: a requested Subscription is validated and becomes active.</summary>
    private static void Prepare(Resource resource)
    {
        if (resource is Subscription subscription)
        {
            SubscriptionCriteria.Validate(subscription);
            if (subscription.Status is Subscription.SubscriptionStatus.Requested)
            {
                subscription.Status = Subscription.SubscriptionStatus.Active;
            }
        }
    }

    private static long ParseETag(string etag)
    {
        var value = etag.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        value = value.Trim('"');
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw FhirInteractionException.BadRequest($"If-Match '{etag}' is not a version ETag such as W/\"1\".");
    }
}
