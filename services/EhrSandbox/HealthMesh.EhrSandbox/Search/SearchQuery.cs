using Dapper;

namespace HealthMesh.EhrSandbox.Search;

/// <summary>
/// A parsed type-level search: SQL conditions over <c>resources r</c> with their parameters, plus paging, sort and <c>_include</c>/<c>_revinclude</c>.
/// <see cref="Parameters"/> are the search parameters as given (without paging), for <c>Bundle.link</c>.
/// </summary>
public sealed record SearchQuery(
    string ResourceType,
    IReadOnlyList<string> Conditions,
    DynamicParameters SqlParameters,
    IReadOnlyList<KeyValuePair<string, string>> Parameters,
    int Count,
    int Offset,
    bool Descending,
    IReadOnlyList<SearchInclude> Includes);
