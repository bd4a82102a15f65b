using System.ComponentModel.DataAnnotations;

namespace HealthMesh.ServiceDefaults.Persistence;

/// <summary>Where services keep their state. Section <c>HealthMesh:Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "HealthMesh:Database";

    /// <summary><c>Sqlite</c> (default) or <c>PostgreSql</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// ADO.NET connection string. SQLite example: <c>Data Source=.data/healthmesh.db</c>;
    /// PostgreSQL example: <c>Host=localhost;Username=healthmesh;Password=…;Database=healthmesh</c>.
    /// </summary>
    [Required]
    public string ConnectionString { get; set; } = string.Empty;
}
