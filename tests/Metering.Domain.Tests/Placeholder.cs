namespace Metering.Domain.Tests; internal static class Placeholder;
