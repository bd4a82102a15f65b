namespace HealthMesh.ServiceDefaults.Persistence;

public enum DatabaseProvider
{
    /// <summary>A local file: the embedded default.</summary>
    Sqlite,

    /// <summary>The distributed shape: every service instance shares one server.</summary>
    PostgreSql,
}
