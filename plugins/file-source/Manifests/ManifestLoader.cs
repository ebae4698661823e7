using System.Security.Cryptography;
using System.Text;
using Ingot.Sdk.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ingot.Plugins.FileSource.Manifests;

/// <summary>Reads manifest files (multi-document YAML or JSON) into a <see cref="ManifestBatch"/>.</summary>
internal sealed class ManifestLoader
{
    private readonly ManifestObjectMapper _mapper;

    public ManifestLoader(string metalLbNamespace) => _mapper = new ManifestObjectMapper(metalLbNamespace);

    public ManifestBatch Load(IReadOnlyList<string> paths)
    {
        var batch = new ManifestBatch();
        var files = ManifestFiles.Expand(paths, out var missing);
        foreach (var path in missing)
        {
            batch.FailedFiles.Add(path);
            batch.Diagnostics.Add(FileDiagnostic(path, "no such file or directory"));
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                batch.FailedFiles.Add(file);
                batch.Diagnostics.Add(FileDiagnostic(file, $"cannot be read: {ex.Message}"));
                continue;
            }

            hash.AppendData(Encoding.UTF8.GetBytes(file));
            hash.AppendData([0]);
            hash.AppendData(BitConverter.GetBytes(bytes.LongLength));
            hash.AppendData(bytes);
            LoadText(file, bytes, batch);
        }

        foreach (var path in missing)
        {
            hash.AppendData(Encoding.UTF8.GetBytes("missing:" + path));
        }

        batch.ContentHash = hash.GetHashAndReset();
        return batch;
    }

    /// <summary>Parses one file's text. A YAML syntax error refuses the whole file, naming the line.</summary>
    public void LoadText(string origin, ReadOnlySpan<byte> bytes, ManifestBatch batch)
    {
        if (bytes.Length > YamlLimits.MaxFileBytes)
        {
            Refuse(origin, batch, 1, $"larger than the limit of {YamlLimits.MaxFileBytes / (1024 * 1024)} MiB ({bytes.Length:N0} bytes)");
            return;
        }

        var text = Encoding.UTF8.GetString(bytes);
        var stream = new YamlStream();
        try
        {
            if (YamlLimits.Check(text) is { } over)
            {
                Refuse(origin, batch, over.Line, over.Message);
                return;
            }

            using var reader = new StringReader(text);
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            Refuse(origin, batch, ex.Start.Line, $"syntax error at line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}");
            return;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // A YamlDotNet failure that is not a syntax error is still this file's fault: invalid input, not a runtime failure.
            // A stray ': ' line or '...' markers inside a block mapping make the representation model throw ArgumentException
            // (unsupported event), '...' before content makes the parser throw InvalidOperationException; neither says where.
            var (line, message) = YamlErrorLocator.Locate(text, ex);
            Refuse(origin, batch, line, $"malformed YAML: {message}");
            return;
        }

        for (var i = 0; i < stream.Documents.Count; i++)
        {
            _mapper.Map(stream.Documents[i].RootNode, origin, i + 1, batch);
        }
    }

    private static void Refuse(string origin, ManifestBatch batch, long line, string message)
    {
        batch.FailedFiles.Add(origin);
        batch.Diagnostics.Add(new ConfigurationDiagnostic
        {
            Kind = "YAML",
            Name = $"line {line}",
            Origin = origin,
            Message = message,
        });
    }

    private static ConfigurationDiagnostic FileDiagnostic(string path, string message) => new()
    {
        Kind = "File",
        Name = Path.GetFileName(path.TrimEnd('/')),
        Origin = path,
        Message = message,
    };
}
