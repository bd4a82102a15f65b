using System.Text.Json;
using HealthMesh.Inference.Generation;
using HealthMesh.Inference.UnitTests.TestModels;

namespace HealthMesh.Inference.UnitTests.Generation;

public sealed class GenerationTests : IDisposable
{
    private readonly ModelFolders _folders = new();

    [Fact]
    public async Task Greedy_decoding_with_the_cache_picks_what_the_uncached_reference_picks_at_every_step()
    {
        var tiny = new TinyCausalModel(seed: 21, scale: 1.5f);
        await using var model = ModelFolders.Loader().Load("causal", tiny.WriteFolder(_folders.Root));
        long[] prompt = [19, 14, 20];

        var generated = new CausalGenerator(model).Generate(prompt, new GenerationOptions(MaxNewTokens: 12));

        var sequence = prompt.ToList();
        foreach (var token in generated.TokenIds)
        {
            var logits = tiny.NextLogits(sequence);
            Assert.Equal(Array.IndexOf(logits, logits.Max()), (int)token);
            sequence.Add(token);
        }

        Assert.NotEmpty(generated.TokenIds);
        Assert.Equal(string.Concat(generated.TokenIds.TakeWhile(t => t != 0).Select(t => TinyCausalModel.Vocabulary[t])), generated.Text);
    }

    [Fact]
    public async Task Beam_search_returns_a_sequence_whose_score_is_its_reference_log_probability_and_one_beam_is_greedy()
    {
        var tiny = new TinyCausalModel(seed: 5, scale: 1.2f);
        await using var model = ModelFolders.Loader().Load("causal", tiny.WriteFolder(_folders.Root));
        var generator = new CausalGenerator(model);
        long[] prompt = [19, 20];

        var greedy = generator.Generate(prompt, new GenerationOptions(MaxNewTokens: 8));
        var oneBeam = generator.Generate(prompt, new GenerationOptions(MaxNewTokens: 8, Beams: 1));
        var beam = generator.Generate(prompt, new GenerationOptions(MaxNewTokens: 8, Beams: 4));

        Assert.Equal(greedy.TokenIds, oneBeam.TokenIds);
        var sequence = prompt.ToList();
        var expected = 0.0;
        foreach (var token in beam.TokenIds)
        {
            var logits = tiny.NextLogits(sequence);
            var max = logits.Max();
            expected += logits[token] - max - Math.Log(logits.Sum(l => Math.Exp(l - max)));
            sequence.Add(token);
        }

        Assert.Equal(expected, beam.LogProbability, 3);
    }

    [Fact]
    public async Task A_stop_string_ends_decoding_and_is_cut_off()
    {
        var tiny = new TinyCausalModel(seed: 21, scale: 1.5f);
        await using var model = ModelFolders.Loader().Load("causal", tiny.WriteFolder(_folders.Root));
        var generator = new CausalGenerator(model);
        var free = generator.Generate([19], new GenerationOptions(MaxNewTokens: 20));
        Assert.True(free.Text.Length >= 2, free.Text);
        var stop = free.Text[1..2];

        var stopped = generator.Generate([19], new GenerationOptions(MaxNewTokens: 20, StopStrings: [stop]));

        Assert.Equal(GenerationStop.StopString, stopped.Stop);
        Assert.Equal(free.Text[..free.Text.IndexOf(stop, StringComparison.Ordinal)], stopped.Text);
    }

    /// <summary>Property: over random tiny models, budgets and beam widths, constrained output always parses into the note shape.</summary>
    [Fact]
    public async Task Generation_under_the_structured_note_grammar_always_parses()
    {
        var grammar = StructuredNoteGrammar.Create();
        var random = new Random(2026);
        var unconstrainedFailures = 0;
        for (var trial = 0; trial < 24; trial++)
        {
            var tiny = new TinyCausalModel(seed: random.Next(1000), scale: 0.5f + (float)(random.NextDouble() * 2.5));
            await using var model = ModelFolders.Loader().Load($"causal-{trial}", tiny.WriteFolder(_folders.Root));
            var generator = new CausalGenerator(model);
            var options = new GenerationOptions(MaxNewTokens: random.Next(1, 60), Beams: random.Next(1, 4));
            long[] prompt = [.. Enumerable.Range(0, random.Next(1, 5)).Select(_ => (long)random.Next(1, tiny.VocabularySize))];

            var constrained = generator.Generate(prompt, options, grammar);
            var free = generator.Generate(prompt, options);

            AssertStructuredNote(constrained.Text);
            unconstrainedFailures += Parses(free.Text) ? 0 : 1;
        }

        Assert.True(unconstrainedFailures > 0, "the same models without the grammar should write invalid JSON at least once");
    }

    [Theory]
    [InlineData("{\"title\":\"a\",\"sections\":[{\"code\":\"plan\",\"sentences\":[]}]}", true)]
    [InlineData("{\"title\":\"a \\\" b\",\"sections\":[{\"code\":\"plan\",\"sentences\":[\"x\",\"y\"]},{\"code\":\"subjective\",\"sentences\":[\"z\"]}]}", true)]
    [InlineData("{\"title\":\"a\",\"sections\":[]}", false)]
    [InlineData("{\"title\":\"a\",\"sections\":[{\"code\":\"other\",\"sentences\":[]}]}", false)]
    [InlineData("{\"title\":\"a\"}", false)]
    public void The_grammar_accepts_exactly_the_note_shape(string text, bool accepted)
    {
        var grammar = StructuredNoteGrammar.Create();
        var state = grammar.Advance(grammar.Start, text);
        Assert.Equal(accepted, state is not null && grammar.IsComplete(state));
    }

    [Fact]
    public void The_shortest_completion_of_any_prefix_parses()
    {
        var grammar = StructuredNoteGrammar.Create();
        const string full = "{\"title\":\"t\\n\",\"sections\":[{\"code\":\"plan\",\"sentences\":[\"x\",\"y\"]}]}";
        for (var i = 0; i <= full.Length; i++)
        {
            var state = grammar.Advance(grammar.Start, full[..i])!;
            AssertStructuredNote(full[..i] + grammar.ShortestCompletion(state));
        }
    }

    private static bool Parses(string text)
    {
        try
        {
            JsonDocument.Parse(text).Dispose();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void AssertStructuredNote(string text)
    {
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Equal(JsonValueKind.String, root.GetProperty("title").ValueKind);
        var sections = root.GetProperty("sections").EnumerateArray().ToList();
        Assert.NotEmpty(sections);
        Assert.All(sections, s =>
        {
            Assert.Contains(s.GetProperty("code").GetString(), StructuredNoteGrammar.SectionCodes);
            Assert.All(s.GetProperty("sentences").EnumerateArray(), x => Assert.Equal(JsonValueKind.String, x.ValueKind));
        });
    }

    public void Dispose() => _folders.Dispose();
}
