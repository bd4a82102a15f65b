using System.Globalization;

namespace HealthMesh.Orchestrator.Persistence;

/// <summary>
/// Times are stored as fixed-width ISO-8601 UTC text in both providers, so string order is time order and one
/// statement compares them in SQLite and PostgreSQL alike.
/// </summary>
public static class SqlTime
{
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
