import { createTheme, type MantineColorsTuple } from '@mantine/core';

// A calm, slightly desaturated blue.
const west: MantineColorsTuple = [
  '#eef5fc',
  '#dce8f5',
  '#b4cfeb',
  '#89b4e1',
  '#659dd8',
  '#4f8fd3',
  '#4287d1',
  '#3374b9',
  '#2a67a6',
  '#1a5893',
];

export const theme = createTheme({
  primaryColor: 'west',
  primaryShade: { light: 7, dark: 5 },
  colors: { west },
  defaultRadius: 'md',
  fontFamily:
    'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
  components: {
    Button: { defaultProps: { radius: 'md' } },
    Paper: { defaultProps: { radius: 'md' } },
    // Mantine keeps closed dropdowns in the DOM with aria-labelledby pointing at the field label, so
    // getByLabel('Role') would match both the input and a hidden listbox. Unmount them when closed.
    Select: { defaultProps: { comboboxProps: { keepMounted: false } } },
    Autocomplete: { defaultProps: { comboboxProps: { keepMounted: false } } },
    MultiSelect: { defaultProps: { comboboxProps: { keepMounted: false } } },
    // Mantine's × buttons have no accessible name of their own (a screen reader says only "button").
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } },
    Drawer: { defaultProps: { closeButtonProps: { 'aria-label': 'Close panel' } } },
  },
});
