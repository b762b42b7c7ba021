import { Anchor, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { PageHeader } from '../components/PageHeader';

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" />
      <Text>
        There is nothing here. Go to your{' '}
        <Anchor component={Link} to="/inbox">
          inbox
        </Anchor>
        .
      </Text>
    </>
  );
}
