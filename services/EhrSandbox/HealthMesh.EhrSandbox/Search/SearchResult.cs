using HealthMesh.EhrSandbox.Resources;

namespace HealthMesh.EhrSandbox.Search;

/// <summary>One page of a search: the total number of matches, this page's matches and the resources included with them.</summary>
public sealed record SearchResult(int Total, IReadOnlyList<StoredResource> Matches, IReadOnlyList<StoredResource> Included);
