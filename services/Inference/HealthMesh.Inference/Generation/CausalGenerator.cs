using HealthMesh.Inference.Models;
using HealthMesh.Inference.Runtime;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace HealthMesh.Inference.Generation;

/// <summary>
/// Decodes from a <see cref="ModelTask.CausalGeneration"/> model with its key-value cache: the prompt runs once, then
/// each step feeds one token per hypothesis with the cache the previous step returned. Greedy is beam search with
/// one beam. With a <see cref="CharacterGrammar"/>, tokens whose text would leave the grammar get no probability, stop
/// tokens only once the text is complete, so the output is always in the grammar.
/// </summary>
public sealed class CausalGenerator
{
    private readonly OnnxModel _model;
    private readonly KeyValueCacheManifest _cache;
    private readonly int _heads;
    private readonly int _headSize;
    private readonly string[] _tokenTexts;
    private readonly HashSet<long> _stopTokens;
    private readonly Dictionary<GrammarState, bool[]> _allowed = [];
    private readonly Lock _allowedLock = new();

    public CausalGenerator(OnnxModel model)
    {
        if (model.Manifest.Task != ModelTask.CausalGeneration || model.Manifest.Cache is not { } cache)
        {
            throw new ArgumentException($"Model '{model.Name}' is a {model.Manifest.Task} model, not {ModelTask.CausalGeneration}.", nameof(model));
        }

        _model = model;
        _cache = cache;
        var past = model.Session.InputMetadata[ModelContractValidator.Layer(cache.PastKey, 0)].Dimensions;
        var vocabulary = model.Session.OutputMetadata[model.Manifest.Output].Dimensions[^1];
        if (past[1] <= 0 || past[3] <= 0 || vocabulary <= 0)
        {
            throw new ModelContractException(model.Folder, [$"the cache tensors need fixed head count and head size, and the logits a fixed vocabulary size (graph has past [{string.Join(", ", past)}], vocabulary {vocabulary})"]);
        }

        (_heads, _headSize) = (past[1], past[3]);
        _tokenTexts = [.. Enumerable.Range(0, vocabulary).Select(i => model.Tokenizer.Decode([i]))];
        _stopTokens = [.. (model.Manifest.StopTokenIds ?? []).Select(i => (long)i)];
    }

    public GeneratedText Generate(IReadOnlyList<long> prompt, GenerationOptions options, CharacterGrammar? grammar = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Beams, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(prompt.Count, 1);
        var (logits, cache) = Run([.. prompt], EmptyCache(), prompt.Count);
        var beams = new List<Hypothesis> { new([], "", 0, grammar?.Start, cache, logits, null) };
        for (var step = 0; step < options.MaxNewTokens && beams.Any(b => b.Stop is null); step++)
        {
            var candidates = new List<Hypothesis>();
            foreach (var beam in beams)
            {
                if (beam.Stop is not null)
                {
                    candidates.Add(beam);
                    continue;
                }

                candidates.AddRange(Expand(beam, grammar, options));
            }

            beams = [.. candidates.OrderByDescending(c => c.LogProbability).Take(options.Beams)];
            for (var i = 0; i < beams.Count; i++)
            {
                if (beams[i].Stop is null && beams[i].Logits is null)
                {
                    var b = beams[i];
                    var (next, present) = Run([b.Ids[^1]], b.Cache, prompt.Count + b.Ids.Count);
                    beams[i] = b with { Logits = next, Cache = present };
                }
            }
        }

        var best = beams.OrderByDescending(b => b.LogProbability).First();
        var text = best.Text;
        var stop = best.Stop ?? GenerationStop.MaxTokens;
        if (grammar is not null && best.State is { } state && !grammar.IsComplete(state))
        {
            text += grammar.ShortestCompletion(state);
        }

        return new GeneratedText(text, best.Ids, stop, best.LogProbability);
    }

    private IEnumerable<Hypothesis> Expand(Hypothesis beam, CharacterGrammar? grammar, GenerationOptions options)
    {
        var logits = beam.Logits!;
        var allowed = grammar is null ? null : Allowed(grammar, beam.State!);
        var complete = grammar is not null && grammar.IsComplete(beam.State!);
        var max = float.NegativeInfinity;
        for (var t = 0; t < logits.Length; t++)
        {
            if (Permitted(t, allowed, complete, grammar is not null))
            {
                max = Math.Max(max, logits[t]);
            }
        }

        if (float.IsNegativeInfinity(max))
        {
            // Nothing the vocabulary holds continues the grammar (or all is complete and no stop token exists).
            yield return beam with { Stop = complete ? GenerationStop.GrammarComplete : GenerationStop.MaxTokens, Logits = null };
            yield break;
        }

        var sum = 0.0;
        for (var t = 0; t < logits.Length; t++)
        {
            if (Permitted(t, allowed, complete, grammar is not null))
            {
                sum += Math.Exp(logits[t] - max);
            }
        }

        var logZ = max + Math.Log(sum);
        var top = Enumerable.Range(0, logits.Length)
            .Where(t => Permitted(t, allowed, complete, grammar is not null))
            .OrderByDescending(t => logits[t]).ThenBy(t => t)
            .Take(options.Beams);
        foreach (var token in top)
        {
            var logProbability = beam.LogProbability + logits[token] - logZ;
            List<long> ids = [.. beam.Ids, token];
            if (_stopTokens.Contains(token))
            {
                yield return beam with { Ids = ids, LogProbability = logProbability, Stop = GenerationStop.StopToken, Logits = null };
                continue;
            }

            var text = beam.Text + _tokenTexts[token];
            var state = grammar is null ? null : grammar.Advance(beam.State!, _tokenTexts[token]);
            var stopString = options.StopStrings?.Where(s => text.Contains(s, StringComparison.Ordinal)).Select(s => text.IndexOf(s, StringComparison.Ordinal)).DefaultIfEmpty(-1).Min() ?? -1;
            if (stopString >= 0 && grammar is null)
            {
                yield return beam with { Ids = ids, Text = text[..stopString], LogProbability = logProbability, Stop = GenerationStop.StopString, Logits = null };
                continue;
            }

            var done = state is not null && grammar!.IsComplete(state) && !CanContinue(grammar, state);
            yield return new Hypothesis(ids, text, logProbability, state, beam.Cache, null, done ? GenerationStop.GrammarComplete : null);
        }
    }

    private bool Permitted(int token, bool[]? allowed, bool complete, bool constrained) =>
        !constrained || (_stopTokens.Contains(token) ? complete : allowed![token]);

    private bool CanContinue(CharacterGrammar grammar, GrammarState state) => Allowed(grammar, state).Any(a => a);

    private bool[] Allowed(CharacterGrammar grammar, GrammarState state)
    {
        lock (_allowedLock)
        {
            if (_allowed.TryGetValue(state, out var cached))
            {
                return cached;
            }
        }

        var allowed = _tokenTexts.Select(t => t.Length > 0 && grammar.Advance(state, t) is not null).ToArray();
        lock (_allowedLock)
        {
            _allowed[state] = allowed;
        }

        return allowed;
    }

    private (float[][] Keys, float[][] Values, int Length) EmptyCache() =>
        ([.. Enumerable.Range(0, _cache.Layers).Select(_ => Array.Empty<float>())], [.. Enumerable.Range(0, _cache.Layers).Select(_ => Array.Empty<float>())], 0);

    private (float[] LastLogits, (float[][] Keys, float[][] Values, int Length) Cache) Run(long[] ids, (float[][] Keys, float[][] Values, int Length) cache, int total)
    {
        var names = _model.Manifest.InputNames;
        var inputs = new List<NamedOnnxValue>
        {
            NamedOnnxValue.CreateFromTensor(names.InputIds, new DenseTensor<long>(ids, [1, ids.Length])),
            NamedOnnxValue.CreateFromTensor(names.AttentionMask!, new DenseTensor<long>(Enumerable.Repeat(1L, total).ToArray(), [1, total])),
        };
        var outputs = new List<string> { _model.Manifest.Output };
        for (var layer = 0; layer < _cache.Layers; layer++)
        {
            inputs.Add(NamedOnnxValue.CreateFromTensor(ModelContractValidator.Layer(_cache.PastKey, layer), new DenseTensor<float>(cache.Keys[layer], [1, _heads, cache.Length, _headSize])));
            inputs.Add(NamedOnnxValue.CreateFromTensor(ModelContractValidator.Layer(_cache.PastValue, layer), new DenseTensor<float>(cache.Values[layer], [1, _heads, cache.Length, _headSize])));
            outputs.Add(ModelContractValidator.Layer(_cache.PresentKey, layer));
            outputs.Add(ModelContractValidator.Layer(_cache.PresentValue, layer));
        }

        using var results = _model.Session.Run(inputs, outputs);
        var logits = results[0].AsTensor<float>();
        var vocabulary = logits.Dimensions[2];
        var last = ((DenseTensor<float>)logits).Buffer.Span.Slice((ids.Length - 1) * vocabulary, vocabulary).ToArray();
        var keys = new float[_cache.Layers][];
        var values = new float[_cache.Layers][];
        for (var layer = 0; layer < _cache.Layers; layer++)
        {
            keys[layer] = ((DenseTensor<float>)results[1 + (2 * layer)].AsTensor<float>()).Buffer.ToArray();
            values[layer] = ((DenseTensor<float>)results[2 + (2 * layer)].AsTensor<float>()).Buffer.ToArray();
        }

        return (last, (keys, values, cache.Length + ids.Length));
    }

    private sealed record Hypothesis(
        List<long> Ids,
        string Text,
        double LogProbability,
        GrammarState? State,
        (float[][] Keys, float[][] Values, int Length) Cache,
        float[]? Logits,
        GenerationStop? Stop);
}
