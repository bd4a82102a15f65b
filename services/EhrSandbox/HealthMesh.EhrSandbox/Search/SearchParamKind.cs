namespace HealthMesh.EhrSandbox.Search;

public enum SearchParamKind
{
    Token,
    Reference,
}
