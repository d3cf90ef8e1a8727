using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Metering.Cli.Failures;
using Metering.Cli.Output;
using Metering.Cli.Reading;
using Metering.Domain.Formats;
using Metering.Domain.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Metering.Cli.Commands;

/// <summary>
/// <c>metering invoices evidence TENANT CONTRACT WINDOW [--revision N] [--json | --csv]</c>: the counted units of one
/// invoice revision (docs/invoices.md, "Evidence file"), streamed, after checking the stored file against the SHA-256
/// and line count the invoice states: a file that differs or is missing prints nothing and exits
/// <see cref="ExitCodes.EvidenceMismatch"/>. A window may count a million units, so the file is read twice, never held:
/// once to check it, once to print it.
/// </summary>
public static class InvoicesEvidenceCommand
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(global);
        var arguments = new InvoiceRevisionArguments();
        var json = new Option<bool>("--json") { Description = "Print the evidence lines exactly as stored (NDJSON, one JSON object per counted unit)." };
        var csv = new Option<bool>("--csv") { Description = "Print CSV: tenant,unit,dimension,qualifier,detail (RFC 4180, a header first)." };
        var command = new Command("evidence", "Print the counted units of an invoice revision, checked against the SHA-256 the invoice states.") { json, csv };
        arguments.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandFailures.RunAsync(environment, "invoices evidence", async () =>
        {
            var problems = new List<string>();
            var settings = global.Settings(parseResult, environment, problems);
            var wanted = arguments.Read(parseResult, problems);
            var asJson = parseResult.GetValue(json);
            var asCsv = parseResult.GetValue(csv);
            if (asJson && asCsv)
            {
                problems.Add("--json and --csv: choose one.");
            }

            if (problems.Count > 0)
            {
                throw new InvalidInputException(problems);
            }

            await using var services = GlobalOptions.Services(settings, environment);
            var store = services.GetRequiredService<IInvoiceStore>();
            var (revision, stored) = await InvoiceRevisionArguments.ResolveAsync(store, wanted, cancellationToken);
            var evidence = InvoiceJson.Read(stored.Json).Evidence;
            await EvidenceCheck.VerifyAsync(store, evidence, revision.BlobName, cancellationToken);
            await using var content = await EvidenceCheck.OpenAsync(store, evidence, revision.BlobName, cancellationToken);
            if (asJson)
            {
                await StandardOutput.CopyAsync(environment, content, cancellationToken);
            }
            else
            {
                await WriteRowsAsync(environment.Out, content, asCsv, cancellationToken);
                if (!asCsv)
                {
                    await environment.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{evidence.Lines:N0} counted unit(s) of {revision.BlobName}; the file matches the SHA-256 the invoice states ({evidence.Sha256})."));
                }
            }

            await environment.Out.FlushAsync(cancellationToken);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static async Task WriteRowsAsync(TextWriter output, Stream content, bool csv, CancellationToken cancellationToken)
    {
        string[] header = ["tenant", "unit", "dimension", "qualifier", "detail"];
        await output.WriteLineAsync(csv ? string.Join(',', header) : string.Join('\t', header));
        using var reader = new StreamReader(content, StrictUtf8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var fields = header.Select(name => root.GetProperty(name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null);
            await output.WriteLineAsync(csv
                ? string.Join(',', fields.Select(Csv))
                : string.Join('\t', fields.Select(f => f ?? "-")));
        }
    }

    // RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled; an absent one is empty. A
    // unit is whatever a sender named its subject: one that a spreadsheet would run as a formula (=, +, -, @, a tab or
    // a carriage return first) gets a leading apostrophe, so that opening the file runs nothing; so does one that
    // starts with an apostrophe itself, so that reading the file back (reconcile --list) drops exactly the one added.
    private static string Csv(string? field)
    {
        if (field is null)
        {
            return string.Empty;
        }

        var safe = field.Length > 0 && field[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\'' ? "'" + field : field;
        return safe.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }
}
