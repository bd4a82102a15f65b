using System.Collections.Concurrent;
using System.Reflection;

namespace HealthMesh.ServiceDefaults.Persistence;

/// <summary>
/// Hand-written SQL lives in <c>Persistence/Sql/*.sql</c> (one statement or object per file), embedded with the logical
/// name <c>sql/&lt;file&gt;</c>. A provider-specific file <c>name.sqlite.sql</c> / <c>name.postgresql.sql</c> wins over <c>name.sql</c>.
/// </summary>
public static class SqlScripts
{
    private static readonly ConcurrentDictionary<(Assembly, string, DatabaseProvider), string> Cache = new();

    public static string Get(Assembly assembly, string name, DatabaseProvider provider) =>
        Cache.GetOrAdd((assembly, name, provider), static key =>
        {
            var (assembly, name, provider) = key;
            return Read(assembly, $"sql/{name}.{Suffix(provider)}.sql")
                ?? Read(assembly, $"sql/{name}.sql")
                ?? throw new InvalidOperationException($"No embedded SQL script '{name}' for {provider} in {assembly.GetName().Name}.");
        });

    public static string Suffix(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => "sqlite",
        DatabaseProvider.PostgreSql => "postgresql",
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    internal static string? Read(Assembly assembly, string logicalName)
    {
        using var stream = assembly.GetManifestResourceStream(logicalName);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
