// Inline icons: decorative (aria-hidden), the text beside them names the control.
const common = { "aria-hidden": true, focusable: false, viewBox: "0 0 24 24", className: "icon" } as const;

export function HeartIcon() {
  return (
    <svg {...common}>
      <path
        fill="currentColor"
        d="M12 21.35 10.55 20C5.4 15.36 2 12.28 2 8.5 2 5.42 4.42 3 7.5 3c1.74 0 3.41.81 4.5 2.09C13.09 3.81 14.76 3 16.5 3 19.58 3 22 5.42 22 8.5c0 3.78-3.4 6.86-8.55 11.54z"
      />
    </svg>
  );
}

export function PlusIcon() {
  return (
    <svg {...common}>
      <path fill="currentColor" d="M11 5h2v6h6v2h-6v6h-2v-6H5v-2h6z" />
    </svg>
  );
}

export function TrashIcon() {
  return (
    <svg {...common}>
      <path fill="currentColor" d="M9 3h6l1 2h4v2H4V5h4zm-3 6h12l-1 12H7zm4 2v8h1.5v-8zm2.5 0v8H14v-8z" />
    </svg>
  );
}

export function CloseIcon() {
  return (
    <svg {...common}>
      <path fill="currentColor" d="m6.4 5 5.6 5.6L17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4z" />
    </svg>
  );
}
