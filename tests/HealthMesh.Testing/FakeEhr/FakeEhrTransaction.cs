using System.Collections;
using Hl7.Fhir.Model;
using Hl7.Fhir.Validation;
using Microsoft.AspNetCore.WebUtilities;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace HealthMesh.Testing.FakeEhr;

/// <summary>
/// A FHIR R4 transaction, all or nothing: POST entries with optional <c>ifNoneExist</c> (0 matches create, 1 match
/// returns the existing resource with 200, more than 1 is 412), PUT updates of existing resources with optional
/// <c>ifMatch</c> (a stale version is 412), <c>urn:uuid</c> references rewritten to the assigned
/// ids, every relative reference checked to exist (400 otherwise), every resource validated.
/// </summary>
public static class FakeEhrTransaction
{
    public static FhirResult Execute(Bundle transaction, Dictionary<string, List<Resource>> store, Uri baseUrl, Func<string> newId)
    {
        try
        {
            return new FhirResult(200, Apply(transaction, store, baseUrl, newId));
        }
        catch (FakeEhrException e)
        {
            return e.ToResult();
        }
    }

    private static Bundle Apply(Bundle transaction, Dictionary<string, List<Resource>> store, Uri baseUrl, Func<string> newId)
    {
        var assigned = new Dictionary<string, string>(StringComparer.Ordinal);
        var plans = new List<(Resource Resource, bool Create)>();
        var updates = new List<Resource>();
        foreach (var (entry, index) in transaction.Entry.Select((e, i) => (e, i)))
        {
            if (entry.Request is { Method: Bundle.HTTPVerb.PUT } put && entry.Resource is { } replacement)
            {
                Validate(replacement, index);
                var update = Update(put, replacement, store, index);
                plans.Add((update, true));
                updates.Add(update);
                continue;
            }

            if (entry.Request?.Method != Bundle.HTTPVerb.POST || entry.Resource is null)
            {
                throw new FakeEhrException(400, IssueType.NotSupported, $"Bundle.entry[{index}]: this server's transactions support POST and PUT with a resource only");
            }

            if (entry.Request.Url != entry.Resource.TypeName)
            {
                throw new FakeEhrException(400, IssueType.Invalid, $"Bundle.entry[{index}]: request url '{entry.Request.Url}' does not match resource type {entry.Resource.TypeName}");
            }

            Validate(entry.Resource, index);
            var resource = (Resource)entry.Resource.DeepCopy();
            var existing = entry.Request.IfNoneExist is { } condition ? Match(resource.TypeName, condition, store, index) : null;
            if (existing is not null)
            {
                plans.Add((existing, false));
            }
            else
            {
                resource.Id = newId();
                resource.Meta ??= new Meta();
                resource.Meta.VersionId = "1";
                resource.Meta.LastUpdated = DateTimeOffset.UtcNow;
                plans.Add((resource, true));
            }

            if (entry.FullUrl is not null)
            {
                assigned[entry.FullUrl] = $"{plans[^1].Resource.TypeName}/{plans[^1].Resource.Id}";
            }
        }

        foreach (var (resource, create) in plans.Where(p => p.Create))
        {
            foreach (var reference in References(resource))
            {
                if (reference.Reference is null || reference.Reference.StartsWith('#'))
                {
                    continue;
                }

                if (assigned.TryGetValue(reference.Reference, out var target))
                {
                    reference.Reference = target;
                }
                else if (reference.Reference.StartsWith("urn:", StringComparison.Ordinal))
                {
                    throw new FakeEhrException(400, IssueType.Invalid, $"Reference {reference.Reference} in {resource.TypeName} does not match any fullUrl in the transaction");
                }

                var relative = reference.Reference.StartsWith(baseUrl.AbsoluteUri, StringComparison.Ordinal)
                    ? reference.Reference[(baseUrl.AbsoluteUri.Length + 1)..]
                    : reference.Reference;
                if (!relative.Contains("://", StringComparison.Ordinal) && !store.ContainsKey(relative) && !assigned.ContainsValue(relative))
                {
                    throw new FakeEhrException(400, IssueType.Processing, $"Resource {relative} not found, specified in path: {resource.TypeName}");
                }
            }
        }

        var response = new Bundle { Type = Bundle.BundleType.TransactionResponse };
        foreach (var (resource, create) in plans)
        {
            var updated = updates.Contains(resource);
            if (updated)
            {
                store[$"{resource.TypeName}/{resource.Id}"].Add(resource);
            }
            else if (create)
            {
                store[$"{resource.TypeName}/{resource.Id}"] = [resource];
            }

            response.Entry.Add(new Bundle.EntryComponent
            {
                Response = new Bundle.ResponseComponent
                {
                    Status = create && !updated ? "201 Created" : "200 OK",
                    Location = $"{resource.TypeName}/{resource.Id}/_history/{resource.Meta!.VersionId}",
                    Etag = $"W/\"{resource.Meta.VersionId}\"",
                    LastModified = resource.Meta.LastUpdated,
                },
            });
        }

        return response;
    }

    /// <summary>An update of an existing resource (<c>Type/id</c>), with the optional <c>ifMatch</c> version check (412 on a stale ETag).</summary>
    private static Resource Update(Bundle.RequestComponent request, Resource replacement, Dictionary<string, List<Resource>> store, int index)
    {
        var url = request.Url;
        if (url != $"{replacement.TypeName}/{replacement.Id}")
        {
            throw new FakeEhrException(400, IssueType.Invalid, $"Bundle.entry[{index}]: request url '{url}' does not match the resource's type and id");
        }

        if (!store.TryGetValue(url, out var versions))
        {
            throw new FakeEhrException(400, IssueType.NotSupported, $"Bundle.entry[{index}]: {url} does not exist; this server does not create resources by PUT");
        }

        var current = versions[^1].Meta!.VersionId;
        if (request.IfMatch is { } ifMatch && ifMatch != $"W/\"{current}\"")
        {
            throw new FakeEhrException(412, IssueType.Conflict, $"Bundle.entry[{index}]: If-Match {ifMatch} does not match the current version W/\"{current}\" of {url}");
        }

        var resource = (Resource)replacement.DeepCopy();
        resource.Meta ??= new Meta();
        resource.Meta.VersionId = (int.Parse(current!, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        resource.Meta.LastUpdated = DateTimeOffset.UtcNow;
        return resource;
    }

    private static Resource? Match(string type, string condition, Dictionary<string, List<Resource>> store, int index)
    {
        var criteria = QueryHelpers.ParseQuery(condition).SelectMany(q => q.Value.Select(v => (q.Key, v ?? ""))).ToList();
        var matches = FakeEhrSearch.Filter(type, store.Values.Select(v => v[^1]), criteria).ToList();
        return matches.Count switch
        {
            0 => null,
            1 => matches[0],
            _ => throw new FakeEhrException(412, IssueType.Duplicate, $"Bundle.entry[{index}]: ifNoneExist '{condition}' matched {matches.Count} resources"),
        };
    }

    private static void Validate(Resource resource, int index)
    {
        var errors = resource.Validate(ModelInfo.ModelInspector, NarrativeValidationKind.FhirXhtml, validateRecursively: true).ToList();
        if (errors.Count > 0)
        {
            throw new FakeEhrException(422, IssueType.Invariant, $"Bundle.entry[{index}] {resource.TypeName} is invalid: {string.Join("; ", errors.Select(e => e.Message))}");
        }
    }

    private static IEnumerable<ResourceReference> References(Base element)
    {
        foreach (var (_, value) in element.EnumerateElements())
        {
            var children = value switch
            {
                Base single => [single],
                IEnumerable list and not string => list.OfType<Base>(),
                _ => [],
            };
            foreach (var child in children)
            {
                if (child is ResourceReference reference)
                {
                    yield return reference;
                }

                foreach (var nested in References(child))
                {
                    yield return nested;
                }
            }
        }
    }
}
