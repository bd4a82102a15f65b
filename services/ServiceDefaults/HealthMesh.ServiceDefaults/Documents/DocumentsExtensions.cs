using System.Text.Json;
using HealthMesh.ServiceDefaults.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HealthMesh.ServiceDefaults.Documents;

public static class DocumentsExtensions
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IHostApplicationBuilder AddClinicalDocuments(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DocumentsOptions>()
            .BindConfiguration(DocumentsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DocumentsOptions>, DocumentsOptionsValidator>());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<DocumentEncryption>();
        builder.Services.TryAddSingleton<IClinicalDocumentStore, SqlClinicalDocumentStore>();
        builder.Services.AddSchemaMigrations("documents", typeof(DocumentsExtensions).Assembly);
        return builder;
    }

    public static Task<string> PutJsonAsync<T>(this IClinicalDocumentStore store, Guid workflowId, string name, T value, DocumentSensitivity sensitivity, CancellationToken cancellationToken = default) =>
        store.PutAsync(workflowId, name, JsonSerializer.SerializeToUtf8Bytes(value, Json), sensitivity, cancellationToken);

    public static async Task<T> GetJsonAsync<T>(this IClinicalDocumentStore store, string reference, CancellationToken cancellationToken = default) =>
        JsonSerializer.Deserialize<T>(await store.GetAsync(reference, cancellationToken), Json)
        ?? throw new InvalidDataException($"Document '{reference}' is empty.");
}
