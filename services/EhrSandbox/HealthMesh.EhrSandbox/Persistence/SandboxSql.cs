using HealthMesh.ServiceDefaults.Persistence;

namespace HealthMesh.EhrSandbox.Persistence;

/// <summary>The sandbox's embedded <c>Persistence/Sql</c> scripts (SQLite only).</summary>
internal static class SandboxSql
{
    public static string Get(string name) => SqlScripts.Get(typeof(SandboxSql).Assembly, name, DatabaseProvider.Sqlite);
}
