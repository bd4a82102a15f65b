using System.Globalization;
using HealthMesh.EhrSandbox.Resources;
using Hl7.Fhir.Model;

namespace HealthMesh.EhrSandbox.Search;

/// <summary>Builds a <c>searchset</c> Bundle: <c>total</c>, <c>fullUrl</c> per entry (matches, then includes) and self/first/previous/next links.</summary>
public static class SearchBundles
{
    public static Bundle Create(SearchQuery query, SearchResult result, string baseUrl)
    {
        var total = result.Total;
        var bundle = new Bundle { Id = Guid.NewGuid().ToString(), Type = Bundle.BundleType.Searchset, Total = total, Timestamp = DateTimeOffset.UtcNow };
        bundle.Link.Add(Link("self", query, baseUrl, query.Offset));
        bundle.Link.Add(Link("first", query, baseUrl, 0));
        if (query.Offset > 0 && query.Count > 0)
        {
            bundle.Link.Add(Link("previous", query, baseUrl, Math.Max(0, query.Offset - query.Count)));
        }

        if (query.Count > 0 && query.Offset + query.Count < total)
        {
            bundle.Link.Add(Link("next", query, baseUrl, query.Offset + query.Count));
        }

        foreach (var (stored, mode) in result.Matches.Select(m => (m, Bundle.SearchEntryMode.Match)).Concat(result.Included.Select(i => (i, Bundle.SearchEntryMode.Include))))
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{baseUrl}/{stored.ResourceType}/{stored.Id}",
                Resource = FhirResourceParser.Parse(stored.Json!),
                Search = new Bundle.SearchComponent { Mode = mode },
            });
        }

        return bundle;
    }

    private static Bundle.LinkComponent Link(string relation, SearchQuery query, string baseUrl, int offset)
    {
        var parameters = query.Parameters
            .Append(KeyValuePair.Create("_count", query.Count.ToString(CultureInfo.InvariantCulture)))
            .Append(KeyValuePair.Create("_offset", offset.ToString(CultureInfo.InvariantCulture)))
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}");
        return new Bundle.LinkComponent { Relation = relation, Url = $"{baseUrl}/{query.ResourceType}?{string.Join('&', parameters)}" };
    }
}
