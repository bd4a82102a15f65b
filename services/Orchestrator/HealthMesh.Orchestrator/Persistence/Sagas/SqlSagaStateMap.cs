using System.Text.Json;
using System.Text.Json.Serialization;
using HealthMesh.ServiceDefaults.Persistence;
using MassTransit;

namespace HealthMesh.Orchestrator.Persistence.Sagas;

/// <summary>
/// How one saga type maps to its table for <see cref="SqlSagaStore{TSaga}"/>. The whole instance is stored as JSON
/// (<c>@Data</c>) so adding a property needs no migration; <see cref="Columns"/> copies what queries filter or sort on.
/// Every statement receives <c>@CorrelationId</c> (text), <c>@Version</c>, <c>@ExpectedVersion</c>, <c>@Data</c> and the columns.
/// </summary>
public abstract class SqlSagaStateMap<TSaga>
    where TSaga : class, ISagaVersion
{
    protected static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Selects the <c>data</c> column of one row by <c>@CorrelationId</c>.</summary>
    public abstract string LoadSql(DatabaseProvider provider);

    /// <summary>Inserts a row and does nothing when the id exists (0 rows: another consumer won the race).</summary>
    public abstract string InsertSql(DatabaseProvider provider);

    /// <summary>Updates a row only <c>WHERE correlation_id = @CorrelationId AND version = @ExpectedVersion</c>.</summary>
    public abstract string UpdateSql(DatabaseProvider provider);

    public abstract string DeleteSql(DatabaseProvider provider);

    /// <summary>The indexed copies of state, as an object whose properties name the SQL parameters.</summary>
    public abstract object Columns(TSaga instance);

    /// <summary>Called before every insert and update, e.g. to stamp timestamps.</summary>
    public virtual void BeforeWrite(TSaga instance, DateTimeOffset now)
    {
    }

    public virtual string Serialize(TSaga instance) => JsonSerializer.Serialize(instance, Json);

    public virtual TSaga Deserialize(string data) =>
        JsonSerializer.Deserialize<TSaga>(data, Json) ?? throw new InvalidDataException($"Stored {typeof(TSaga).Name} is empty.");
}
