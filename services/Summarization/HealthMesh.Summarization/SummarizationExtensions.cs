using HealthMesh.Inference;
using HealthMesh.Inference.Runtime;
using HealthMesh.Summarization.Drafting;
using HealthMesh.Summarization.Embeddings;
using HealthMesh.Summarization.Generative;
using HealthMesh.Summarization.Notes;
using HealthMesh.Summarization.Text;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace HealthMesh.Summarization;

public static class SummarizationExtensions
{
    /// <summary>Options (code table and dictionary must exist at start-up), the note engine and the drafting service.</summary>
    public static IHostApplicationBuilder AddSummarization(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SummarizationOptions>()
            .BindConfiguration(SummarizationOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        // The shipped section classifier (or the configured one) reads notes without headings; empty path: rules only.
        var sectionModel = builder.Configuration[$"{SummarizationOptions.SectionName}:{nameof(SummarizationOptions.SectionModelPath)}"] ?? new SummarizationOptions().SectionModelPath;
        if (!string.IsNullOrWhiteSpace(sectionModel))
        {
            builder.AddInference();
            builder.Services.PostConfigure<InferenceOptions>(o => o.Models.TryAdd(SummarizationOptions.SectionModelName, SummarizationOptions.Resolve(sectionModel)));
            builder.Services.TryAddSingleton<IUnheadedSectionClassifier, OnnxSectionClassifier>();
        }

        // An embedding model (off by default; the shipped one is Models/text-embedding) ranks sentences and retrieves codes beside the rules.
        var embeddingModel = builder.Configuration[$"{SummarizationOptions.SectionName}:{nameof(SummarizationOptions.EmbeddingModelPath)}"] ?? new SummarizationOptions().EmbeddingModelPath;
        if (!string.IsNullOrWhiteSpace(embeddingModel))
        {
            builder.AddInference();
            builder.Services.PostConfigure<InferenceOptions>(o => o.Models.TryAdd(SummarizationOptions.EmbeddingModelName, SummarizationOptions.Resolve(embeddingModel)));
            builder.Services.TryAddSingleton<ISentenceEmbedder, OnnxSentenceEmbedder>();
        }

        var generativeModel = builder.Configuration[$"{SummarizationOptions.SectionName}:{nameof(SummarizationOptions.GenerativeModelPath)}"];
        if (!string.IsNullOrWhiteSpace(generativeModel))
        {
            builder.AddInference();
            builder.Services.PostConfigure<InferenceOptions>(o => o.Models.TryAdd(SummarizationOptions.GenerativeModelName, SummarizationOptions.Resolve(generativeModel)));
            builder.Services.TryAddSingleton<RuleBasedClinicalNoteEngine>();
            builder.Services.TryAddSingleton<IClinicalNoteEngine, GenerativeClinicalNoteEngine>();
        }

        // TryAdd: a model-based engine registered before this call takes the place of the rules.
        builder.Services.TryAddSingleton<IClinicalNoteEngine, RuleBasedClinicalNoteEngine>();
        builder.Services.TryAddScoped<ClinicalNoteDraftingService>();
        return builder;
    }

    public static IBusRegistrationConfigurator AddSummarizationConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<DraftClinicalNoteConsumer, DraftClinicalNoteConsumerDefinition>();
        return bus;
    }
}
