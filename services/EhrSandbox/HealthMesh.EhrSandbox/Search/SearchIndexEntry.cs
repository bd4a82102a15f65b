namespace HealthMesh.EhrSandbox.Search;

/// <summary>A row of <c>search_index</c>: token <c>system|value</c>, or reference target type and id.</summary>
public sealed record SearchIndexEntry(string Param, string System, string Value);
