const format = new Intl.DateTimeFormat("en", { dateStyle: "long" });

export function FormattedDate({ value }: { value: string }) {
  return <time dateTime={value}>{format.format(new Date(value))}</time>;
}
