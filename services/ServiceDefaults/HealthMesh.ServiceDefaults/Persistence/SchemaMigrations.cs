using System.Reflection;

namespace HealthMesh.ServiceDefaults.Persistence;

/// <summary>
/// A component's schema scripts: embedded files <c>Persistence/Migrations/NNNN_name.sqlite.sql</c> and
/// <c>NNNN_name.postgresql.sql</c> with the logical name <c>migrations/&lt;file&gt;</c>, applied once each, in order.
/// </summary>
public sealed record SchemaMigrations(string Component, Assembly Assembly);
