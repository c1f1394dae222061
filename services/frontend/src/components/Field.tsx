import { useId, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from "react";

interface Common {
  label: string;
  /** shown under the control and linked to it with aria-describedby */
  hint?: ReactNode;
}

type InputProps = Common & { multiline?: false } & Omit<InputHTMLAttributes<HTMLInputElement>, "id">;
type TextareaProps = Common & { multiline: true } & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id">;

/** A form control with its visible <label> (every input in the app has one). */
export function Field(props: InputProps | TextareaProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const describedBy = props.hint ? hintId : undefined;
  let control: ReactNode;
  if (props.multiline) {
    const { label: _label, hint: _hint, multiline: _multiline, ...rest } = props;
    control = <textarea id={id} aria-describedby={describedBy} {...rest} />;
  } else {
    const { label: _label, hint: _hint, multiline: _multiline, ...rest } = props;
    control = <input id={id} aria-describedby={describedBy} {...rest} />;
  }
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {control}
      {props.hint && (
        <p id={hintId} className="hint">
          {props.hint}
        </p>
      )}
    </div>
  );
}
