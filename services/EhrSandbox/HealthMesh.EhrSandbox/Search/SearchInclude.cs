namespace HealthMesh.EhrSandbox.Search;

/// <summary>
/// An <c>_include</c> (<see cref="Reverse"/> false: follow <see cref="Param"/> of the matches to what it references) or
/// <c>_revinclude</c> (true: add the <see cref="SourceType"/> resources whose <see cref="Param"/> references a match).
/// </summary>
public sealed record SearchInclude(bool Reverse, string SourceType, string Param, string? TargetType);
